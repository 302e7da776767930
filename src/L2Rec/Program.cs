using System.CommandLine;
using L2Rec.Cli;
using Serilog;

RootCommand root = new("l2rec: record exchange order books (L2) to verified, resumable JSONL files")
{
    RecordCommand.Create(),
    SimulateCommand.Create(),
};
root.Options.Add(CommonOptions.LogFile);

ParseResult parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    await Console.Error.WriteLineAsync($"l2rec: {parse.Errors[0].Message} (see l2rec {parse.CommandResult.Command.Name} --help)");
    return (int)ExitCode.Usage;
}

Log.Logger = LoggingSetup.Create(parse.GetValue(CommonOptions.LogFile)?.FullName);
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
    Log.Error("{Message:l}", ex.Message);
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
