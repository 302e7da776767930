namespace L2Rec.Analysis;

/// <summary>What merge did (or, with --dry-run, would do) for one symbol of one exchange in one folder.</summary>
public sealed class MergeOutcome(string exchange, string symbolToken, string folder)
{
    /// <summary>The exchange the files belong to, empty when not known.</summary>
    public string Exchange { get; } = exchange;

    public string SymbolToken { get; } = symbolToken;

    /// <summary>The folder merged in, relative to the data dir (empty: the data dir itself).</summary>
    public string Folder { get; } = folder;

    public List<string> Fragments { get; } = [];

    public List<string> EmptyFragments { get; } = [];

    /// <summary>Existing date-named files whose lines were merged with the fragments'.</summary>
    public List<string> MergedInto { get; } = [];

    public List<(string Name, long Lines)> Targets { get; } = [];

    public long LinesIn { get; set; }

    public long Duplicates { get; set; }
}
