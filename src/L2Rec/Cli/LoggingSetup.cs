using Serilog;
using Serilog.Events;

namespace L2Rec.Cli;

/// <summary>Every log line goes to stderr (stdout is for reports and endpoints), optionally also to a file.</summary>
public static class LoggingSetup
{
    private const string Template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger Create(string? logFile)
    {
        LoggerConfiguration configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Console(outputTemplate: Template, standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        if (logFile is not null)
        {
            configuration = configuration.WriteTo.File(logFile, outputTemplate: Template, flushToDiskInterval: TimeSpan.FromSeconds(5), formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }

        return configuration.CreateLogger();
    }
}
