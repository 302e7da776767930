namespace L2Rec.Analysis;

/// <summary>A stretch longer than the allowed gap with no snapshot, and what the file says about it.</summary>
/// <param name="From">The last point in time the file accounts for before the hole.</param>
/// <param name="To">The next one after it.</param>
/// <param name="Reason">A <c>gap</c> line's reason, <c>restart</c> for a session end/start pair or a crash, or
/// <c>unexplained</c>.</param>
public sealed record CoverageHole(DateTimeOffset From, DateTimeOffset To, string Reason)
{
    public TimeSpan Length => To - From;
}
