namespace L2Rec.Recording;

/// <summary>Why a session (or one symbol's part of it) ended; written as the <c>session end</c> line's <c>reason</c>.</summary>
public enum SessionEndReason
{
    Duration,
    Signal,
    Error,

    /// <summary>The exchange no longer lists the symbol (or refused it as unknown).</summary>
    Delisted,
}
