using System.CommandLine;
using L2Rec.Cli;
using L2Rec.Simulation;

namespace L2Rec.Tests.Simulation;

/// <summary><c>l2rec simulate</c>: the exchange chooses the symbol form and which faults apply.</summary>
public sealed class SimulateCommandTests
{
    [Theory]
    [InlineData("simulate", SimulatedExchanges.Kraken, new[] { "BTC/USD" })]
    [InlineData("simulate --exchange binance", SimulatedExchanges.Binance, new[] { "BTCUSDT" })]
    [InlineData("simulate --exchange binance --symbol BTC/USDT,ethusdt,BTCUSDT", SimulatedExchanges.Binance, new[] { "BTCUSDT", "ETHUSDT" })]
    [InlineData("simulate --symbol ethusdt --exchange binance-usdm", SimulatedExchanges.BinanceUsdM, new[] { "ETHUSDT" })]
    [InlineData("simulate --symbol btc/usd,ETH/USD", SimulatedExchanges.Kraken, new[] { "BTC/USD", "ETH/USD" })]
    public void Symbols_are_read_in_the_chosen_exchanges_spelling(string line, string exchange, string[] symbols)
    {
        (bool ok, string error, ParseResult parse) = Parse(line);

        ok.Should().BeTrue(error);
        parse.GetValue(SimulateCommand.Exchange).Should().Be(exchange);
        (parse.GetValue(SimulateCommand.Symbol) ?? []).Should().Equal(line.Contains("--symbol", StringComparison.Ordinal) ? symbols : []);
    }

    [Theory]
    [InlineData("simulate --symbol BTCUSDT", "--symbol 'BTCUSDT'")]
    [InlineData("simulate --exchange binance --symbol BTC-USDT", "--symbol 'BTC-USDT'")]
    [InlineData("simulate --exchange okx", "--exchange 'okx'")]
    [InlineData("simulate --stale-snapshot", "--stale-snapshot does not apply to --exchange kraken")]
    [InlineData("simulate --rate-limit-every 5", "--rate-limit-every does not apply to --exchange kraken")]
    [InlineData("simulate --exchange binance --bad-checksum-every 5", "--bad-checksum-every does not apply to --exchange binance")]
    [InlineData("simulate --exchange binance-usdm --delist BTCUSDT@1s", "--delist")]
    [InlineData("simulate --exchange binance --stale-snapshot 0", "--stale-snapshot '0'")]
    [InlineData("simulate --exchange binance --rate-limit-every often", "--rate-limit-every 'often'")]
    public void Wrong_combinations_give_one_line_naming_the_option(string line, string mentions)
    {
        (bool ok, string error, _) = Parse(line);

        ok.Should().BeFalse();
        error.Should().Contain(mentions);
        error.TrimEnd().Split('\n').Should().ContainSingle();
    }

    [Theory]
    [InlineData("simulate --exchange binance --stale-snapshot", 1L)]
    [InlineData("simulate --exchange binance --stale-snapshot 3", 3L)]
    public void Stale_snapshot_alone_means_every_answer(string line, long every)
    {
        (bool ok, string error, ParseResult parse) = Parse(line);

        ok.Should().BeTrue(error);
        parse.GetValue(SimulateCommand.StaleSnapshot).Should().Be(new FaultSchedule(every, null));
    }

    private static (bool Ok, string Error, ParseResult Parse) Parse(string line)
    {
        StringWriter error = new();
        bool ok = L2RecCli.TryParse(L2RecCli.CreateRoot(), line.Split(' ', StringSplitOptions.RemoveEmptyEntries), error, out ParseResult parse);
        return (ok, error.ToString(), parse);
    }
}
