namespace L2Rec.Feeds.Healing;

/// <summary>Why a connection is given up: every book on it is dropped with this reason, then it reconnects.</summary>
public readonly record struct ConnectionFault(OutageReason Reason, string Detail);
