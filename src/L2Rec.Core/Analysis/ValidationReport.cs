namespace L2Rec.Analysis;

/// <summary>What validate found in one file.</summary>
public sealed class ValidationReport
{
    public required string Path { get; init; }

    public long Lines { get; set; }

    public long Bytes { get; set; }

    public long Snapshots { get; set; }

    public long Sessions { get; set; }

    public long GapLines { get; set; }

    public DateTimeOffset? First { get; set; }

    public DateTimeOffset? Last { get; set; }

    public TimeSpan Duration => First is { } first && Last is { } last ? last - first : TimeSpan.Zero;

    public TimeSpan Uncovered { get; set; }

    /// <summary>Covered fraction of the span, 0 to 1.</summary>
    public double Coverage => Snapshots == 0 ? 0 : Duration <= TimeSpan.Zero ? 1 : Math.Max(0, 1 - (Uncovered / Duration));

    public TimeSpan MaxGap { get; set; }

    /// <summary>The longest holes, longest first.</summary>
    public List<CoverageHole> LargestHoles { get; } = [];

    public long HoleCount { get; set; }

    public SortedDictionary<DefectKind, DefectTally> Defects { get; } = [];

    public double Score => QualityScore.Compute(Coverage, Snapshots, Defects.Values);

    public void AddDefect(DefectKind kind, long line)
    {
        if (!Defects.TryGetValue(kind, out DefectTally? tally))
        {
            tally = new DefectTally(kind);
            Defects[kind] = tally;
        }

        tally.Add(line);
    }
}
