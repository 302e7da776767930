using System.CommandLine;

namespace L2Rec.Cli;

/// <summary>The command tree, and the rule that a parse error is one line on stderr and exit code 2.</summary>
public static class L2RecCli
{
    public static RootCommand CreateRoot()
    {
        RootCommand root = new("l2rec: record exchange order books (L2) to verified, resumable JSONL files")
        {
            RecordCommand.Create(),
            ValidateCommand.Create(),
            DiagnoseCommand.Create(),
            MergeCommand.Create(),
            SimulateCommand.Create(),
        };
        root.Options.Add(CommonOptions.LogFile);
        return root;
    }

    /// <summary>Parses; on error writes one line to <paramref name="error"/> and returns false.</summary>
    public static bool TryParse(RootCommand root, string[] args, TextWriter error, out ParseResult parse)
    {
        parse = root.Parse(args);
        if (parse.Errors.Count == 0)
        {
            return true;
        }

        error.WriteLine($"l2rec: {Describe(root, parse)} (see: {CommandPath(parse)} --help)");
        return false;
    }

    private static string Describe(RootCommand root, ParseResult parse)
    {
        if (parse.CommandResult.Command is RootCommand)
        {
            // The library's "Required command was not provided" hides what was typed and what would have been right.
            string commands = string.Join(", ", root.Subcommands.Select(c => c.Name));
            string? unknown = parse.UnmatchedTokens.FirstOrDefault();
            return unknown is null ? $"give a command: {commands}."
                : unknown.StartsWith('-') ? $"unknown option '{unknown}': give a command first, one of {commands}."
                : $"unknown command '{unknown}': give one of {commands}.";
        }

        // Some library messages span lines ("Must be one of:\n\t'kraken'"): the rule is one line.
        return string.Join(' ', parse.Errors[0].Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static string CommandPath(ParseResult parse) =>
        parse.CommandResult.Command is RootCommand ? "l2rec" : "l2rec " + parse.CommandResult.Command.Name;
}
