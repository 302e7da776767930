namespace L2Rec.Cli;

/// <summary>The process exit codes of every command (README lists them).</summary>
public enum ExitCode
{
    Ok = 0,

    /// <summary>Fatal feed or write error; for validate/diagnose, a file below --min-score.</summary>
    Failure = 1,

    /// <summary>Bad option or value, or a file that cannot be read.</summary>
    Usage = 2,

    /// <summary>The output file is held by another running recorder.</summary>
    Locked = 3,
}
