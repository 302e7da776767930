using System.CommandLine;
using System.Text;
using L2Rec.Analysis;

namespace L2Rec.Cli;

/// <summary><c>l2rec diagnose</c>: a whole collection per symbol, with files, holes, coverage and a rating.</summary>
public static class DiagnoseCommand
{
    public static readonly Option<TimeSpan?> MaxGap = new("--max-gap")
    {
        Description = "A stretch without book lines longer than this is a hole (5s, 1m; a plain number is seconds); gap lines are holes whatever their length. Default: 5 × each file's interval, at least 5 s, as validate.",
        CustomParser = TimeSpanText.Parser("--max-gap", TimeSpan.FromSeconds(1), allowZero: false, "a duration > 0 such as 5s, 1m"),
    };

    public static readonly Option<double> MinScore = new("--min-score")
    {
        Description = "Exit 1 when a symbol's coverage score (its coverage in percent) is below this (0 to 100).",
        DefaultValueFactory = _ => 70,
        CustomParser = OptionValue.Number("--min-score", "a number from 0 to 100", 0, 100),
    };

    public static Command Create()
    {
        Command command = new("diagnose", "Look over a collection (the data dir and its exchange folders; date-named files and legacy fragments): per exchange and symbol, spans, gaps, coverage, rating.")
        {
            CollectionOptions.DataDir, CollectionOptions.Symbol, CollectionOptions.Exchange, MaxGap, MinScore, ValidateCommand.Json,
        };
        command.SetAction((parse, _) => Task.FromResult(Run(
            parse.GetValue(CollectionOptions.DataDir)!.FullName,
            parse.GetValue(CollectionOptions.Symbol),
            parse.GetValue(CollectionOptions.Exchange),
            parse.GetValue(MaxGap),
            parse.GetValue(MinScore),
            parse.GetValue(ValidateCommand.Json),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error)));
        return command;
    }

    /// <summary>0 when every symbol's coverage score reaches --min-score, 1 when one does not, 2 when the directory cannot be read.</summary>
    public static int Run(string directory, string? symbolToken, TimeSpan? maxGap, double minScore, bool json, TextWriter output, TextWriter error) =>
        Run(directory, symbolToken, exchange: null, maxGap, minScore, json, output, error);

    /// <summary>As above, only the files of <paramref name="exchange"/> when given.</summary>
    public static int Run(string directory, string? symbolToken, string? exchange, TimeSpan? maxGap, double minScore, bool json, TextWriter output, TextWriter error)
    {
        List<SymbolDiagnosis> symbols;
        try
        {
            symbols = new CollectionDiagnoser(maxGap).Diagnose(directory, symbolToken, exchange);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"l2rec: cannot read {directory}: {ex.Message}");
            return (int)ExitCode.Usage;
        }

        if (json)
        {
            using MemoryStream buffer = new();
            DiagnoseReportWriter.WriteJson(buffer, directory, symbols, minScore);
            output.Write(Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else if (symbols.Count == 0)
        {
            string what = (exchange, symbolToken) switch
            {
                (null, null) => string.Empty,
                (null, _) => $" for {symbolToken}",
                (_, null) => $" of {exchange}",
                _ => $" for {symbolToken} of {exchange}",
            };
            output.WriteLine($"No data files{what} in {directory} or its exchange folders");
            output.WriteLine("Files: 0");
        }
        else
        {
            for (int i = 0; i < symbols.Count; i++)
            {
                if (i > 0)
                {
                    output.WriteLine();
                }

                DiagnoseReportWriter.WriteText(output, symbols[i]);
            }
        }

        output.Flush();
        return symbols.Count == 0 || symbols.Any(s => s.Score < minScore) ? (int)ExitCode.Failure : (int)ExitCode.Ok;
    }
}
