namespace L2Rec.Feeds;

/// <summary>Why a book stopped being current; written as the <c>gap</c> line's <c>reason</c>.</summary>
public enum OutageReason
{
    Disconnect,
    Stale,
    Checksum,
    Error,
}
