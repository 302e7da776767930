namespace L2Rec.Analysis;

/// <summary>A stretch of a symbol's collection that no file covers.</summary>
/// <param name="From">The end of the covered stretch before it.</param>
/// <param name="To">The start of the covered stretch after it.</param>
/// <param name="Where"><c>inside {file}</c>, or <c>between {file} and {file}</c>.</param>
/// <param name="Reason">As a <see cref="CoverageHole"/>'s: the gap line's reason, <c>restart</c> or <c>unexplained</c>.</param>
public sealed record CollectionGap(DateTimeOffset From, DateTimeOffset To, string Where, string Reason)
{
    public TimeSpan Length => To - From;
}
