namespace L2Rec.Feeds;

/// <summary>Why a book stopped being current; written as the <c>gap</c> line's <c>reason</c>.</summary>
public enum OutageReason
{
    Disconnect,
    Stale,
    Checksum,
    Error,

    /// <summary>A broken update-id chain or a failed cross-check (Binance and the other sequence-proven exchanges).</summary>
    Sequence,
}
