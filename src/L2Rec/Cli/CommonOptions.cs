using System.CommandLine;

namespace L2Rec.Cli;

/// <summary>Options that every command accepts.</summary>
public static class CommonOptions
{
    public static readonly Option<FileInfo?> LogFile = new("--log-file")
    {
        Description = "Also append the log to this file (stderr always gets it); l2rec refuses to start if it cannot be written. Default: none.",
        Recursive = true,
        CustomParser = OptionValue.FilePath("--log-file", "a file path that can be written (created if missing, appended to if present)"),
    };
}
