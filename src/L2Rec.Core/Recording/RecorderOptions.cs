namespace L2Rec.Recording;

/// <summary>What a recording session records and how; the command line's <c>record</c> options, parsed.</summary>
public sealed record RecorderOptions
{
    public required string DataDirectory { get; init; }

    public required IReadOnlyList<string> Symbols { get; init; }

    public int Depth { get; init; } = 10;

    /// <summary>One book line per symbol per interval; zero writes a line for every verified change.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to record; null records until stopped.</summary>
    public TimeSpan? Duration { get; init; }

    public bool Resume { get; init; } = true;

    public string Recorder { get; init; } = "l2rec/" + (typeof(RecorderOptions).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");

    public int Pid { get; init; } = Environment.ProcessId;

    /// <summary>Lines reach the OS at least this often.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Lines reach the disk (fsync) at least this often.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Seam for tests that need a failing disk; null opens ordinary files.</summary>
    public Func<string, FileMode, Stream>? OpenStream { get; init; }
}
