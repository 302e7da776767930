namespace L2Rec.Recording;

/// <summary>The data file could not be written (disk full, I/O error). The file was left ending on a whole line.</summary>
public sealed class RecordingWriteException(string message, Exception inner) : Exception(message, inner);
