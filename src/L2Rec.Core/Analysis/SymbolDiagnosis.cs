namespace L2Rec.Analysis;

/// <summary>One symbol's collection on one exchange: its files, its holes, how much of its span is recorded, and a rating.</summary>
public sealed class SymbolDiagnosis(string exchange, string symbolToken)
{
    /// <summary>The exchange the files belong to (<see cref="DataCollection"/>), empty when not known.</summary>
    public string Exchange { get; } = exchange;

    public string SymbolToken { get; } = symbolToken;

    public List<DiagnosedFile> Files { get; } = [];

    public int EmptyFiles => Files.Count(f => f.IsEmpty);

    /// <summary>The stretches no file covers, in time order; on one file exactly that file's holes.</summary>
    public List<CollectionGap> Gaps { get; } = [];

    /// <summary>The covered time: the span less the gaps.</summary>
    public TimeSpan Recorded { get; set; }

    /// <summary>From the earliest to the latest time the files with snapshots account for.</summary>
    public TimeSpan Span { get; set; }

    public TimeSpan Uncovered => Span - Recorded;

    public TimeSpan LongestRun { get; set; }

    /// <summary>By the same definition as validate's (<see cref="CoverageTimeline.Fraction"/>): on one file the two agree.</summary>
    public double Coverage => CoverageTimeline.Fraction(Span, Uncovered, Files.Any(f => !f.IsEmpty));

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
