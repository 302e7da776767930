namespace L2Rec.Recording;

/// <summary>The data file could not be opened or written (disk full, I/O error, an unusable data directory).</summary>
public sealed class RecordingWriteException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>True when a write failed and the file was cut back to its last whole line: a restart resumes it.</summary>
    public bool FileEndsOnWholeLine { get; init; }

    /// <summary>True when the data directory itself cannot be created or written: the user's --data-dir is unusable.</summary>
    public bool UnusableDataDirectory { get; init; }
}
