namespace L2Rec.Analysis;

/// <summary>One file of a collection as diagnose sees it.</summary>
public sealed class DiagnosedFile(DataFileName name, long bytes)
{
    public DataFileName Name { get; } = name;

    public long Bytes { get; } = bytes;

    public long Snapshots { get; set; }

    public DateTimeOffset? First { get; set; }

    public DateTimeOffset? Last { get; set; }

    /// <summary>Stretches of data, split where the file has a hole longer than the allowed gap.</summary>
    public List<(DateTimeOffset From, DateTimeOffset To)> Segments { get; } = [];

    public bool IsEmpty => Snapshots == 0;

    public TimeSpan Span => First is { } f && Last is { } l ? l - f : TimeSpan.Zero;

    public int GapsInside => Math.Max(Segments.Count - 1, 0);
}
