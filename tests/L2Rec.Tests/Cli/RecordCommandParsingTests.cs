using System.CommandLine;
using L2Rec.Cli;

namespace L2Rec.Tests.Cli;

public sealed class RecordCommandParsingTests
{
    private static (bool Ok, string Error, ParseResult Parse) Parse(string line)
    {
        StringWriter error = new();
        bool ok = L2RecCli.TryParse(L2RecCli.CreateRoot(), line.Split(' ', StringSplitOptions.RemoveEmptyEntries), error, out ParseResult parse);
        return (ok, error.ToString(), parse);
    }

    [Theory]
    [InlineData("record --symbol ../x", "--symbol '../x'")]
    [InlineData("record --symbol BTC", "--symbol 'BTC'")]
    [InlineData("record --symbol BTC/USD,", "--symbol ''")]
    [InlineData("record --symbol ABCDEFGHIJKLMNOP/USD", "--symbol")]
    [InlineData("record --symbol BTC/USD --duration -1", "--duration '-1'")]
    [InlineData("record --symbol BTC/USD --duration 0", "--duration '0'")]
    [InlineData("record --symbol BTC/USD --duration 10x", "--duration '10x'")]
    [InlineData("record --symbol BTC/USD --depth 7", "--depth '7'")]
    [InlineData("record --symbol BTC/USD --interval 0.5ms", "--interval '0.5ms'")]
    [InlineData("record --symbol BTC/USD --interval 0.0009", "--interval '0.0009'")]
    [InlineData("record --symbol BTC/USD --interval 1.5ms", "--interval '1.5ms'")]
    [InlineData("record --symbol BTC/USD --interval -1", "--interval '-1'")]
    [InlineData("simulate --disconnect-every 0", "--disconnect-every '0'")]
    [InlineData("simulate --bad-checksum-every 0", "--bad-checksum-every '0'")]
    [InlineData("record --symbol BTC/USD --interval fast", "--interval 'fast'")]
    [InlineData("record --symbol BTC/USD --exchange bogus", "--exchange 'bogus'")]
    [InlineData("record --symbol BTCUSDT", "--symbol 'BTCUSDT'")]
    [InlineData("record --symbol BTC/USD --depth 20", "--depth '20'")]
    [InlineData("record --symbol BTC/USD --ws-url http://x", "--ws-url")]
    [InlineData("record --symbol BTC/USD --simulate --ws-url ws://127.0.0.1:1", "--simulate cannot be used with --ws-url")]
    [InlineData("record", "--symbol")]
    public void Bad_values_give_one_line_naming_the_option(string line, string mentions)
    {
        (bool ok, string error, _) = Parse(line);
        ok.Should().BeFalse();
        error.Should().Contain(mentions);
        error.TrimEnd().Split('\n').Should().ContainSingle();
    }

    [Theory]
    [InlineData("1ms", 1)]
    [InlineData("0.001", 1)]
    [InlineData("1.000ms", 1)]
    public void Interval_may_be_as_short_as_one_millisecond(string text, int milliseconds)
    {
        (bool ok, string error, ParseResult parse) = Parse($"record --symbol BTC/USD --interval {text}");
        ok.Should().BeTrue(error);
        parse.GetValue(RecordCommand.Interval).Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Fact]
    public void Stall_after_zero_still_means_at_once()
    {
        (bool ok, string error, _) = Parse("simulate --stall-after 0");
        ok.Should().BeTrue(error);
    }

    [Fact]
    public void The_symbol_rule_is_stated_as_it_is_enforced()
    {
        (_, string error, _) = Parse("record --symbol ABCDEFGHIJKLMNOP/USD");
        error.Should().Contain("1 to 15").And.NotContain("32");
    }

    [Theory]
    [InlineData("24", 24 * 3600)]
    [InlineData("0.01", 36)]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1.5h", 5400)]
    public void Duration_accepts_hours_and_suffixed_spans(string text, int seconds)
    {
        (bool ok, _, ParseResult parse) = Parse($"record --symbol BTC/USD --duration {text}");
        ok.Should().BeTrue();
        parse.GetValue(RecordCommand.Duration).Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void Symbols_come_repeated_or_comma_separated_upper_cased_and_deduplicated()
    {
        (bool ok, _, ParseResult parse) = Parse("record --symbol btc/usd,ETH/USD --symbol BTC/USD -s sol/usd");
        ok.Should().BeTrue();
        parse.GetValue(RecordCommand.Symbol).Should().Equal("BTC/USD", "ETH/USD", "SOL/USD");
    }

    [Fact]
    public void Defaults_match_the_spec()
    {
        (bool ok, _, ParseResult parse) = Parse("record --symbol BTC/USD");
        ok.Should().BeTrue();
        parse.GetValue(RecordCommand.Depth).Should().Be(10);
        parse.GetValue(RecordCommand.Interval).Should().BeNull("null means the documented 1 s");
        parse.GetValue(RecordCommand.DataDir).Should().BeNull("the default depends on the exchange");
        RecordCommand.Arguments(parse).DataDirectory.Should().Be(Path.GetFullPath(Path.Combine("data", "l2_snapshots")));
        parse.GetValue(RecordCommand.NoResume).Should().BeFalse();
        parse.GetValue(RecordCommand.Duration).Should().BeNull();
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("250ms", 250)]
    [InlineData("1s", 1000)]
    [InlineData("2", 2000)]
    public void Interval_accepts_zero_and_spans(string text, int milliseconds)
    {
        (bool ok, _, ParseResult parse) = Parse($"record --symbol BTC/USD --interval {text}");
        ok.Should().BeTrue();
        parse.GetValue(RecordCommand.Interval).Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Fact]
    public void Help_shows_every_option_with_its_default_and_form()
    {
        StringWriter output = new();
        ParseResult parse = L2RecCli.CreateRoot().Parse(["record", "--help"]);
        parse.Invoke(new InvocationConfiguration { Output = output });
        string help = output.ToString();
        foreach (string option in new[] { "--symbol", "--duration", "--no-resume", "--data-dir", "--exchange", "--depth", "--interval", "--ws-url", "--log-file", "--simulate" })
        {
            help.Should().Contain(option);
        }

        help.Should().Contain("90s, 15m, 1.5h").And.Contain("Default: 1s").And.Contain("data/l2_snapshots");
    }
}
