using System.CommandLine;
using System.Text;
using L2Rec.Analysis;

namespace L2Rec.Cli;

/// <summary><c>l2rec validate FILE...</c>: proves each file line by line and gives it a quality score.</summary>
public static class ValidateCommand
{
    public static readonly Argument<string[]> Files = new("FILE")
    {
        Description = "Data files to check (JSONL as l2rec writes them; legacy ccxt-shaped lines are read too).",
        Arity = ArgumentArity.OneOrMore,
    };

    public static readonly Option<TimeSpan?> MaxGap = new("--max-gap")
    {
        Description = "A stretch without book lines longer than this is a hole (90s, 5m, 500ms; a plain number is seconds); gap lines are holes whatever their length. Default: 5 × the file's interval, at least 5 s.",
        CustomParser = TimeSpanText.Parser("--max-gap", TimeSpan.FromSeconds(1), allowZero: false, "a duration > 0 such as 5s, 1m, 500ms"),
    };

    public static readonly Option<double> MinScore = new("--min-score")
    {
        Description = "Exit 1 when a file's quality score is below this (0 to 100).",
        DefaultValueFactory = _ => 70,
        CustomParser = OptionValue.Number("--min-score", "a number from 0 to 100", 0, 100),
    };

    public static readonly Option<bool> Json = new("--json") { Description = "Print one JSON document (schema in README) instead of the text report." };

    public static Command Create()
    {
        Command command = new("validate", "Check data files line by line (each session's proof: checksums recomputed, sequences in order) and score their quality 0-100.")
        {
            Files, MaxGap, MinScore, Json,
        };
        command.SetAction((parse, _) => Task.FromResult(Run(
            parse.GetValue(Files)!,
            parse.GetValue(MaxGap),
            parse.GetValue(MinScore),
            parse.GetValue(Json),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error)));
        return command;
    }

    /// <summary>Validates every file; 0 all pass, 1 one below the score, 2 one unreadable.</summary>
    public static int Run(IReadOnlyList<string> files, TimeSpan? maxGap, double minScore, bool json, TextWriter output, TextWriter error)
    {
        List<ValidationReport> reports = [];
        List<(string Path, string Error)> errors = [];
        foreach (string file in files)
        {
            try
            {
                ValidationReport report = new FileValidator(maxGap).Validate(file);
                reports.Add(report);
                if (!json)
                {
                    ValidationReportWriter.WriteText(output, report, minScore);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                string message = ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message;
                errors.Add((file, message));
                error.WriteLine($"l2rec: cannot read {file}: {message}");
            }
        }

        if (json)
        {
            using MemoryStream buffer = new();
            ValidationReportWriter.WriteJson(buffer, reports, errors, minScore);
            output.Write(Encoding.UTF8.GetString(buffer.ToArray()));
        }

        output.Flush();
        return errors.Count > 0 ? (int)ExitCode.Usage
            : reports.Any(r => r.Score < minScore) ? (int)ExitCode.Failure
            : (int)ExitCode.Ok;
    }
}
