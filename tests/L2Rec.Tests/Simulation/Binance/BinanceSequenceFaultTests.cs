using L2Rec.Simulation;
using Serilog.Core;

namespace L2Rec.Tests.Simulation.Binance;

/// <summary>Each Binance sequence fault is one an independent client following the documented rules must notice.</summary>
[Collection(SimulatorServerCollection.Name)]
public sealed class BinanceSequenceFaultTests
{
    [Theory]
    [InlineData(SimulatedExchanges.Binance)]
    [InlineData(SimulatedExchanges.BinanceUsdM)]
    public async Task A_dropped_depth_event_is_a_sequence_break_the_client_sees_and_recovers_from(string exchange)
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        bool futures = exchange == SimulatedExchanges.BinanceUsdM;
        await using SimulatorServer server = SimulatorServer.Start(
            new SimulatorOptions { Exchange = exchange, Symbols = ["BTCUSDT"], Rate = 400, Seed = 2, Bursty = false, DropEvery = new FaultSchedule(5, null) },
            TimeProvider.System,
            Logger.None);
        using BinanceSyncClient client = new(server.Endpoint, server.RestEndpoint!, futures, ["BTCUSDT"], 1000);
        await client.ConnectAsync(token);

        await client.RunAsync(TimeSpan.FromSeconds(1.5), token);

        SyncedBook book = client.States["BTCUSDT"].Primary;
        book.Breaks.Should().BeGreaterThan(0, futures ? "pu no longer equals the previous u" : "U jumps past the previous u + 1");
        book.Joins.Should().BeGreaterThan(1, "after a break the client re-syncs from a new snapshot and goes on");
        client.States["BTCUSDT"].TickerMismatches.Should().BeEmpty("each rejoin rebuilds a correct book");
    }

    [Theory]
    [InlineData(SimulatedExchanges.Binance)]
    [InlineData(SimulatedExchanges.BinanceUsdM)]
    public async Task A_stale_snapshot_is_too_old_to_join_every_time(string exchange)
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        bool futures = exchange == SimulatedExchanges.BinanceUsdM;
        await using SimulatorServer server = SimulatorServer.Start(
            new SimulatorOptions { Exchange = exchange, Symbols = ["BTCUSDT"], Rate = 400, Seed = 4, Bursty = false, StaleSnapshotEvery = new FaultSchedule(1, null) },
            TimeProvider.System,
            Logger.None);
        using BinanceSyncClient client = new(server.Endpoint, server.RestEndpoint!, futures, ["BTCUSDT"], 100);
        await client.ConnectAsync(token);

        await client.RunAsync(TimeSpan.FromSeconds(0.6), token);

        SyncedBook book = client.States["BTCUSDT"].Primary;
        book.TooOld.Should().BeGreaterThan(2, "every snapshot's lastUpdateId lies before the first buffered event");
        book.TooOld.Should().Be(book.Snapshots);
        book.Joins.Should().Be(0);
    }

    [Fact]
    public async Task Every_second_snapshot_stale_lets_the_first_join_and_a_resync_needs_two_tries()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = SimulatorServer.Start(
            new SimulatorOptions
            {
                Exchange = SimulatedExchanges.Binance, Symbols = ["BTCUSDT"], Rate = 400, Seed = 4, Bursty = false,
                StaleSnapshotEvery = new FaultSchedule(2, null), DropEvery = new FaultSchedule(5, null),
            },
            TimeProvider.System,
            Logger.None);
        using BinanceSyncClient client = new(server.Endpoint, server.RestEndpoint!, futures: false, ["BTCUSDT"], 100);
        await client.ConnectAsync(token);

        await client.RunAsync(TimeSpan.FromSeconds(1.5), token);

        SyncedBook book = client.States["BTCUSDT"].Primary;
        book.Joins.Should().BeGreaterThan(1);
        book.TooOld.Should().BeGreaterThan(0);
        (book.TooOld - (book.Snapshots / 2)).Should().BeInRange(-1, 1, "every second answer is stale");
    }
}
