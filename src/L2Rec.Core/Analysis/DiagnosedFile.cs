namespace L2Rec.Analysis;

/// <summary>One file of a collection as diagnose sees it: its span and holes by the same definition validate uses.</summary>
public sealed class DiagnosedFile(DataFileName name, long bytes)
{
    public DataFileName Name { get; } = name;

    public long Bytes { get; } = bytes;

    public long Snapshots { get; set; }

    /// <summary>The earliest time the file accounts for (see <see cref="CoverageTimeline"/>).</summary>
    public DateTimeOffset? First { get; set; }

    /// <summary>The latest time the file accounts for.</summary>
    public DateTimeOffset? Last { get; set; }

    /// <summary>The max gap this file was measured with (the given one, or its interval's default).</summary>
    public TimeSpan MaxGap { get; set; }

    /// <summary>The file's holes, in time order.</summary>
    public List<CoverageHole> Holes { get; } = [];

    public TimeSpan Uncovered { get; set; }

    /// <summary>What a hole ending at the file's first point would be called (<see cref="CoverageTimeline.OpeningReason"/>).</summary>
    public string OpeningReason { get; set; } = CoverageTimeline.Unexplained;

    public bool IsEmpty => Snapshots == 0;

    public TimeSpan Span => First is { } f && Last is { } l ? l - f : TimeSpan.Zero;

    /// <summary>The file's coverage: what validate reports for it.</summary>
    public double Coverage => CoverageTimeline.Fraction(Span, Uncovered, !IsEmpty);

    public int GapsInside => Holes.Count;
}
