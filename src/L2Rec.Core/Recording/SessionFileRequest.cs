namespace L2Rec.Recording;

/// <summary>Which data file a session wants and how to open it.</summary>
public sealed record SessionFileRequest
{
    public required string DataDirectory { get; init; }

    public required string Exchange { get; init; }

    public required string Symbol { get; init; }

    public required DateOnly UtcDate { get; init; }

    /// <summary>Append to a non-empty file of the day (true) or move it to <c>.bak</c> and start afresh (false).</summary>
    public bool Resume { get; init; } = true;

    public int Pid { get; init; } = Environment.ProcessId;

    /// <summary>Opens the data stream; a seam for tests that need a disk that fills up.</summary>
    public Func<string, FileMode, Stream> OpenStream { get; init; } = SessionFileRequestDefaults.Open;

    public string FilePath => Path.Combine(DataDirectory, SessionFileName.For(Symbol, UtcDate));
}
