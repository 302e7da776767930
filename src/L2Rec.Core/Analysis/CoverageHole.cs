namespace L2Rec.Analysis;

/// <summary>A stretch of a file's span that is not covered (see <see cref="CoverageTimeline"/>), and what the file says about it.</summary>
/// <param name="From">Where the hole starts: the last point before a step, or a gap line's <c>from</c>.</param>
/// <param name="To">Where it ends: the next point after the step, or a gap line's <c>to</c>.</param>
/// <param name="Reason">A gap line's reason, <c>restart</c> for a session end/start pair or a crash, or
/// <c>unexplained</c>.</param>
public sealed record CoverageHole(DateTimeOffset From, DateTimeOffset To, string Reason)
{
    public TimeSpan Length => To - From;
}
