namespace L2Rec.Analysis;

/// <summary>One symbol's collection: its files, its holes, how much of its span is recorded, and a rating.</summary>
public sealed class SymbolDiagnosis(string symbolToken)
{
    public string SymbolToken { get; } = symbolToken;

    public List<DiagnosedFile> Files { get; } = [];

    public int EmptyFiles => Files.Count(f => f.IsEmpty);

    /// <summary>Holes longer than the allowed gap, inside files or between them.</summary>
    public List<(DateTimeOffset From, DateTimeOffset To, string Where)> Gaps { get; } = [];

    public TimeSpan Recorded { get; set; }

    public TimeSpan Span { get; set; }

    public TimeSpan LongestRun { get; set; }

    public double Coverage => Span <= TimeSpan.Zero ? (Recorded > TimeSpan.Zero || Files.Any(f => !f.IsEmpty) ? 1 : 0) : Recorded / Span;

    /// <summary>The collection's score for --min-score: its coverage in percent.</summary>
    public double Score => Math.Floor(Coverage * 10000) / 100;

    public string Rating => Rate(Coverage, Files.Any(f => !f.IsEmpty));

    /// <summary>EXCELLENT from 99.5 % coverage, GOOD from 97 %, FAIR from 90 %, else POOR (README).</summary>
    public static string Rate(double coverage, bool hasData) => !hasData ? "POOR"
        : coverage >= 0.995 ? "EXCELLENT"
        : coverage >= 0.97 ? "GOOD"
        : coverage >= 0.90 ? "FAIR"
        : "POOR";
}
