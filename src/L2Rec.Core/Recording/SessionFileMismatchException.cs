namespace L2Rec.Recording;

/// <summary>Today's file belongs to another exchange or symbol and must not be appended to.</summary>
public sealed class SessionFileMismatchException(string message) : Exception(message);
