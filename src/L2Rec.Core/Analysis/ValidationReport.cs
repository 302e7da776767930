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

    /// <summary>The earliest time the file accounts for (see <see cref="CoverageTimeline"/>).</summary>
    public DateTimeOffset? First { get; set; }

    /// <summary>The latest time the file accounts for.</summary>
    public DateTimeOffset? Last { get; set; }

    /// <summary>The span coverage is measured over.</summary>
    public TimeSpan Duration => First is { } first && Last is { } last ? last - first : TimeSpan.Zero;

    /// <summary>The union of the holes: no second counted twice.</summary>
    public TimeSpan Uncovered { get; set; }

    /// <summary>Covered fraction of the span, 0 to 1, by the definition diagnose shares.</summary>
    public double Coverage => CoverageTimeline.Fraction(Duration, Uncovered, Snapshots > 0);

    public TimeSpan MaxGap { get; set; }

    /// <summary>The longest holes (at most <see cref="FileValidator.HolesKept"/>), longest first.</summary>
    public List<CoverageHole> LargestHoles { get; } = [];

    public long HoleCount { get; set; }

    public SortedDictionary<DefectKind, DefectTally> Defects { get; } = [];

    public double Score => QualityScore.Compute(Coverage, HoleCount, Snapshots, Defects.Values);

    public void AddDefect(DefectKind kind, long line)
    {
        if (!Defects.TryGetValue(kind, out DefectTally? tally))
        {
            tally = new DefectTally(kind);
            Defects[kind] = tally;
        }

        tally.Add(line);
    }

    /// <summary>Keeps the hole if it is among the longest so far.</summary>
    public void AddHole(CoverageHole hole)
    {
        int index = 0;
        while (index < LargestHoles.Count && LargestHoles[index].Length >= hole.Length)
        {
            index++;
        }

        if (index < FileValidator.HolesKept)
        {
            LargestHoles.Insert(index, hole);
            if (LargestHoles.Count > FileValidator.HolesKept)
            {
                LargestHoles.RemoveAt(FileValidator.HolesKept);
            }
        }
    }
}
