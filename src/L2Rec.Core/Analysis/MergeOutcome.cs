namespace L2Rec.Analysis;

/// <summary>What merge did (or, with --dry-run, would do) for one symbol.</summary>
public sealed class MergeOutcome(string symbolToken)
{
    public string SymbolToken { get; } = symbolToken;

    public List<string> Fragments { get; } = [];

    public List<string> EmptyFragments { get; } = [];

    /// <summary>Existing date-named files whose lines were merged with the fragments'.</summary>
    public List<string> MergedInto { get; } = [];

    public List<(string Name, long Lines)> Targets { get; } = [];

    public long LinesIn { get; set; }

    public long Duplicates { get; set; }
}
