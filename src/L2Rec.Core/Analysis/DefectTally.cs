namespace L2Rec.Analysis;

/// <summary>How often one defect kind occurred and the first line numbers where it did.</summary>
public sealed class DefectTally(DefectKind kind)
{
    public const int LinesKept = 10;

    private readonly List<long> _firstLines = [];

    public DefectKind Kind { get; } = kind;

    public long Count { get; private set; }

    public IReadOnlyList<long> FirstLines => _firstLines;

    public void Add(long line)
    {
        Count++;
        if (_firstLines.Count < LinesKept)
        {
            _firstLines.Add(line);
        }
    }
}
