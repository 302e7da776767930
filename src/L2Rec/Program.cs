using System.CommandLine;
using L2Rec.Cli;
using Serilog;

RootCommand root = L2RecCli.CreateRoot();
if (!L2RecCli.TryParse(root, args, Console.Error, out ParseResult parse))
{
    return (int)ExitCode.Usage;
}

string? logFile = parse.GetValue(CommonOptions.LogFile)?.FullName;
if (logFile is not null && LoggingSetup.CannotWrite(logFile) is { } why)
{
    await Console.Error.WriteLineAsync($"l2rec: --log-file '{logFile}' cannot be written: {why}");
    return (int)ExitCode.Usage;
}

Log.Logger = LoggingSetup.Create(logFile);
try
{
    return await parse.InvokeAsync(new InvocationConfiguration
    {
        // Room to finish the line being written, write the end line and fsync after SIGINT/SIGTERM.
        ProcessTerminationTimeout = TimeSpan.FromSeconds(20),
        EnableDefaultExceptionHandler = false,
    });
}
catch (L2RecException ex)
{
    // One line on stderr; the log file (read without that stderr) gets it too.
    Log.ForContext(LoggingSetup.FileOnly, true).Error("{Message:l}", ex.Message);
    await Log.CloseAndFlushAsync();
    await Console.Error.WriteLineAsync($"l2rec: {ex.Message}");
    return (int)ex.ExitCode;
}
catch (Exception ex)
{
    Log.Fatal(ex, "Unexpected failure");
    return (int)ExitCode.Failure;
}
finally
{
    await Log.CloseAndFlushAsync();
}
