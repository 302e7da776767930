using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace L2Rec.Cli;

/// <summary>Every log line goes to stderr (stdout is for reports and endpoints), optionally also to a file.</summary>
public static class LoggingSetup
{
    /// <summary>
    /// A property that keeps an event out of the console: the final error is printed on stderr as one
    /// <c>l2rec:</c> line already, and only the log file (read later, without that stderr) needs it again.
    /// </summary>
    public const string FileOnly = "FileOnly";

    // One formatter for both sinks, so the file says exactly what stderr said: values are written as text (an
    // endpoint, a reason), never quoted as JSON in one place and bare in the other.
    private const string Template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {Message:l}{NewLine}{Exception}";

    public static ITextFormatter Formatter { get; } = new MessageTemplateTextFormatter(Template, System.Globalization.CultureInfo.InvariantCulture);

    public static Serilog.Core.Logger Create(string? logFile)
    {
        LoggerConfiguration configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Logger(console => console
                .Filter.ByExcluding(e => e.Properties.ContainsKey(FileOnly))
                .WriteTo.Console(Formatter, standardErrorFromLevel: LogEventLevel.Verbose));
        if (logFile is not null)
        {
            configuration = configuration.WriteTo.File(Formatter, logFile, flushToDiskInterval: TimeSpan.FromSeconds(5));
        }

        return configuration.CreateLogger();
    }

    /// <summary>
    /// Why <paramref name="logFile"/> cannot be appended to, or null when it can. The file sink would otherwise drop
    /// the log silently, and an unattended run would lose it without anyone knowing.
    /// </summary>
    public static string? CannotWrite(string logFile)
    {
        try
        {
            string? directory = Path.GetDirectoryName(Path.GetFullPath(logFile));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            using FileStream probe = new(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return ex.Message;
        }
    }
}
