namespace L2Rec.Cli;

/// <summary>
/// An error the user can cause and fix. Its message is printed as one line on stderr, never with a stack trace,
/// and the process exits with its code. Anything else is a bug and is logged in full.
/// </summary>
public sealed class L2RecException(string message, ExitCode exitCode) : Exception(message)
{
    public ExitCode ExitCode { get; } = exitCode;
}
