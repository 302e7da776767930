using System.CommandLine;
using L2Rec.Cli;

namespace L2Rec.Tests.Cli;

/// <summary>
/// Walks the whole command tree: every option of every command, given a value it cannot take, must give one line that
/// names the option, quotes the value and says what is accepted. A new option is covered the day it is added.
/// </summary>
public sealed class CommandTreeTests
{
    /// <summary>What a command needs besides the option under test for the parse to get that far.</summary>
    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["record"] = ["--symbol", "BTC/USD"],
        ["validate"] = ["x.jsonl"],
    };

    public static TheoryData<string, string, string> WrongValues()
    {
        TheoryData<string, string, string> data = [];
        RootCommand root = L2RecCli.CreateRoot();
        foreach (Command command in root.Subcommands)
        {
            foreach (Option option in command.Options.Concat(root.Options.Where(o => o.Recursive)))
            {
                if (option.Arity.MaximumNumberOfValues == 0 || option.ValueType == typeof(bool))
                {
                    continue;
                }

                // "x!" is a fine file or directory name; an empty value is wrong for every option.
                bool isPath = option.ValueType == typeof(FileInfo) || option.ValueType == typeof(DirectoryInfo);
                bool mustExist = option.Name == "--replay";
                if (!isPath || mustExist)
                {
                    data.Add(command.Name, option.Name, "x!");
                }

                data.Add(command.Name, option.Name, string.Empty);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WrongValues))]
    public void Every_option_refuses_a_wrong_value_in_one_line_naming_it(string command, string option, string value)
    {
        string[] required = Required.TryGetValue(command, out string[]? r) && !r.Contains(option) ? r : [];
        string[] args = [command, .. required, option, value];
        StringWriter error = new();

        bool ok = L2RecCli.TryParse(L2RecCli.CreateRoot(), args, error, out _);

        ok.Should().BeFalse();
        string text = error.ToString();
        text.TrimEnd().Split('\n').Should().ContainSingle(text);
        text.Should().StartWith("l2rec: ").And.Contain(option).And.Contain($"'{value}'").And.Contain("give ");
        text.Should().NotContain("System.", "a .NET type name means nothing to a user");
    }

    [Fact]
    public void The_walk_covers_the_options_named_in_the_defect_report()
    {
        HashSet<(string, string)> walked = [.. WrongValues().Select(row => (row.Data.Item1, row.Data.Item2))];
        walked.Should().Contain([
            ("record", "--depth"), ("record", "--interval"), ("record", "--duration"), ("record", "--log-file"),
            ("validate", "--min-score"), ("diagnose", "--min-score"), ("simulate", "--port"), ("simulate", "--rate"),
            ("simulate", "--seed"), ("simulate", "--disconnect-every"),
        ]);
    }

    [Theory]
    [InlineData("record --symbol BTC/USD --no-resume abc")]
    [InlineData("merge --dry-run abc")]
    public void A_stray_word_after_a_switch_is_named(string line)
    {
        StringWriter error = new();
        L2RecCli.TryParse(L2RecCli.CreateRoot(), line.Split(' '), error, out _).Should().BeFalse();
        error.ToString().Should().Contain("'abc'");
        error.ToString().TrimEnd().Split('\n').Should().ContainSingle();
    }

    [Theory]
    [InlineData("bogus", "unknown command 'bogus'")]
    [InlineData("recrod --symbol BTC/USD", "unknown command 'recrod'")]
    [InlineData("", "give a command")]
    [InlineData("--log-file x.log", "give a command")]
    [InlineData("--symbol BTC/USD", "unknown option '--symbol'")]
    public void A_missing_or_unknown_command_is_named_with_the_commands_there_are(string line, string says)
    {
        StringWriter error = new();
        bool ok = L2RecCli.TryParse(L2RecCli.CreateRoot(), line.Split(' ', StringSplitOptions.RemoveEmptyEntries), error, out _);

        ok.Should().BeFalse();
        error.ToString().Should().Contain(says).And.Contain("record, validate, diagnose, merge, simulate");
        error.ToString().TrimEnd().Split('\n').Should().ContainSingle();
    }

    [Fact]
    public void Help_texts_say_what_each_command_scores()
    {
        RootCommand root = L2RecCli.CreateRoot();
        Option diagnoseMinScore = root.Subcommands.Single(c => c.Name == "diagnose").Options.Single(o => o.Name == "--min-score");
        Option validateMinScore = root.Subcommands.Single(c => c.Name == "validate").Options.Single(o => o.Name == "--min-score");

        diagnoseMinScore.Description.Should().Contain("symbol").And.NotContain("file");
        validateMinScore.Description.Should().Contain("file");
    }

    [Fact]
    public void Every_option_says_its_default_or_that_it_is_required()
    {
        RootCommand root = L2RecCli.CreateRoot();
        foreach (Command command in root.Subcommands)
        {
            foreach (Option option in command.Options.Where(o => o is not System.CommandLine.Help.HelpOption && o.Arity.MaximumNumberOfValues > 0 && o.ValueType != typeof(bool)))
            {
                bool stated = option.HasDefaultValue || option.Required || option.Description!.Contains("Default:", StringComparison.Ordinal);
                stated.Should().BeTrue($"{command.Name} {option.Name} says its default (help shows [default: ...] for a default value)");
                option.Description.Should().NotContain("[default", "the help adds it");
            }
        }
    }
}
