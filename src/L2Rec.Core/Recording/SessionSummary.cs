namespace L2Rec.Recording;

/// <summary>What a finished session did, for the last log lines and for tests.</summary>
public sealed record SessionSummary(
    SessionEndReason Reason,
    long Snapshots,
    long Updates,
    int Outages,
    int ChecksumFailures,
    IReadOnlyList<string> Files);
