using L2Rec.Simulation;
using Serilog.Core;

namespace L2Rec.Tests.Simulation.Binance;

/// <summary>
/// The simulated Binance is a faithful Binance: an independent client (<see cref="BinanceSyncClient"/>) syncs by the
/// documented procedure and, for several seconds, sees no sequence break, every book ticker that can be checked matches
/// its rebuilt top, and a second snapshot taken later agrees with the first book inside both snapshots' bands.
/// </summary>
[Collection(SimulatorServerCollection.Name)]
public sealed class BinanceSyncTests
{
    [Theory]
    [InlineData(SimulatedExchanges.Binance, 1000, 500)]
    [InlineData(SimulatedExchanges.BinanceUsdM, 1000, 100)]
    public async Task An_independent_client_syncs_and_every_check_holds(string exchange, int limit, int verifierLimit)
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        bool futures = exchange == SimulatedExchanges.BinanceUsdM;
        await using SimulatorServer server = SimulatorServer.Start(
            new SimulatorOptions { Exchange = exchange, Symbols = ["BTCUSDT", "ETHUSDT"], Rate = 300, Seed = 11, Bursty = false }, TimeProvider.System, Logger.None);
        using BinanceSyncClient client = new(server.Endpoint, server.RestEndpoint!, futures, ["BTCUSDT", "ETHUSDT"], limit);
        await client.ConnectAsync(token);
        long started = TimeProvider.System.GetTimestamp();

        await client.RunAsync(TimeSpan.FromSeconds(2.5), token, c =>
        {
            // Later, a second snapshot of another size: its book must agree with the first inside both bands.
            if (c.States["BTCUSDT"].Verifier is null && TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(0.8))
            {
                c.StartVerifier("BTCUSDT", verifierLimit);
            }
        });

        client.Problems.Should().BeEmpty();
        client.FormatErrors.Should().Be(0, "spot numbers carry 8 decimals, USD-M numbers the symbol's precision");
        foreach ((string symbol, SymbolState state) in client.States)
        {
            SyncedBook book = state.Primary;
            TestContext.Current.TestOutputHelper?.WriteLine($"{symbol}: {book}; ticker checks {state.TickerChecks}");
            book.Joins.Should().Be(1, $"{symbol} joins once and never has to again");
            book.TooOld.Should().Be(0);
            book.JoinFailures.Should().Be(0);
            book.Breaks.Should().Be(0, $"{symbol}: no fault, no sequence break");
            book.Overlaps.Should().Be(0, "spot events follow each other exactly (U = previous u + 1)");
            book.Crossed.Should().Be(0);
            book.Applied.Should().BeGreaterThan(15, $"{symbol} events arrive every 100 ms");
            state.TickerMismatches.Should().BeEmpty();
            state.TickerChecks.Should().BeGreaterThan(3, $"{symbol}: book tickers often carry the u of a depth event");
            if (futures)
            {
                book.IdJumps.Should().BeGreaterThan(0, "USD-M ids are not contiguous per symbol");
            }
        }

        SymbolState btc = client.States["BTCUSDT"];
        btc.Verifier.Should().NotBeNull();
        btc.Verifier!.Joins.Should().Be(1);
        btc.BandMismatches.Should().BeEmpty();
        btc.BandChecks.Should().BeGreaterThan(3);
    }

    [Fact]
    public async Task At_rate_zero_the_stream_runs_as_fast_as_the_client_reads_and_still_syncs()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = SimulatorServer.Start(
            new SimulatorOptions { Exchange = SimulatedExchanges.Binance, Symbols = ["BTCUSDT"], Rate = 0, Seed = 5 }, TimeProvider.System, Logger.None);
        using BinanceSyncClient client = new(server.Endpoint, server.RestEndpoint!, futures: false, ["BTCUSDT"], 1000);
        await client.ConnectAsync(token);
        long started = TimeProvider.System.GetTimestamp();

        await client.RunAsync(TimeSpan.FromSeconds(1), token);

        double seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        SymbolState state = client.States["BTCUSDT"];
        TestContext.Current.TestOutputHelper?.WriteLine($"BTCUSDT: {state.Primary}; ticker checks {state.TickerChecks}");
        TestContext.Current.TestOutputHelper?.WriteLine($"{client.Messages / seconds:F0} messages/s, {state.Primary.Applied / seconds:F0} depth events/s applied");
        client.Messages.Should().BeGreaterThan(2000);
        state.Primary.Joins.Should().Be(1);
        state.Primary.Breaks.Should().Be(0);
        state.TickerMismatches.Should().BeEmpty();
        state.TickerChecks.Should().BeGreaterThan(100);
    }
}
