namespace L2Rec.Recording;

/// <summary>Why a session ended; written as the <c>session end</c> line's <c>reason</c>.</summary>
public enum SessionEndReason
{
    Duration,
    Signal,
    Error,
}
