namespace L2Rec.Recording;

/// <summary>
/// What a finished session did, for the last log lines and for tests. <c>Outages</c> counts faults that took books
/// down (one disconnect of five books is one), checksum failures included.
/// </summary>
public sealed record SessionSummary(
    SessionEndReason Reason,
    long Snapshots,
    long Updates,
    int Outages,
    int ChecksumFailures,
    IReadOnlyList<string> Files)
{
    /// <summary>Proof failures of books proven by a sequence: a broken chain or a failed cross-check.</summary>
    public int SequenceBreaks { get; init; }

    /// <summary>The outage still open when the session ended (<c>reason: detail</c>), or null: why nothing came, if nothing did.</summary>
    public string? UnresolvedOutage { get; init; }

    /// <summary>The symbols whose recording ended early because the exchange stopped listing them, each with why.</summary>
    public IReadOnlyList<string> Ended { get; init; } = [];
}
