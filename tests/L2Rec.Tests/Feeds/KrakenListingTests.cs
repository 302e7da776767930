using System.Collections.Concurrent;
using L2Rec.Feeds;
using L2Rec.Feeds.Kraken;
using L2Rec.Simulation;
using Serilog.Core;

namespace L2Rec.Tests.Feeds;

/// <summary>
/// What the exchange lists decides what is recorded: unknown pairs are found before anything starts, and a pair that is
/// refused or delisted later ends alone while the other books keep coming. Against the in-process simulator.
/// </summary>
public sealed class KrakenListingTests
{
    private static KrakenFeed Feed(Uri endpoint, params string[] symbols) =>
        new(new KrakenFeedOptions { Symbols = symbols, Depth = 10, Endpoint = endpoint, ListingTimeout = TimeSpan.FromSeconds(10) }, TimeProvider.System, Logger.None);

    [Fact]
    public async Task The_start_up_check_names_the_pairs_the_exchange_does_not_list()
    {
        await using SimulatorServer server = SimulatorServer.Start(new SimulatorOptions { Symbols = ["BTC/USD", "ETH/USD"] }, TimeProvider.System, Logger.None);

        SymbolListing listing = await Feed(server.Endpoint, "BTC/USD", "FOO/BAR", "ETH/USD", "XBT/USD").CheckSymbolsAsync(TestContext.Current.CancellationToken);

        listing.IsChecked.Should().BeTrue();
        listing.Unlisted.Should().Equal("FOO/BAR", "XBT/USD");
    }

    [Fact]
    public async Task A_pair_delisted_before_the_check_is_not_listed()
    {
        await using SimulatorServer server = SimulatorServer.Start(
            new SimulatorOptions { Symbols = ["BTC/USD", "ETH/USD"], Delist = new SimulatorDelisting("ETH/USD", TimeSpan.Zero) }, TimeProvider.System, Logger.None);

        SymbolListing listing = await Feed(server.Endpoint, "BTC/USD", "ETH/USD").CheckSymbolsAsync(TestContext.Current.CancellationToken);

        listing.Unlisted.Should().Equal("ETH/USD");
    }

    [Fact]
    public async Task An_unreachable_exchange_leaves_the_symbols_unchecked_instead_of_failing()
    {
        System.Net.Sockets.TcpListener probe = new(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        SymbolListing listing = await Feed(new Uri($"ws://127.0.0.1:{port}/v2"), "BTC/USD").CheckSymbolsAsync(TestContext.Current.CancellationToken);

        listing.IsChecked.Should().BeFalse();
        listing.UncheckedReason.Should().Contain($"127.0.0.1:{port}");
    }

    [Fact]
    public async Task A_refused_pair_ends_alone_and_a_delisted_one_ends_mid_run_while_the_other_goes_on()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        await using SimulatorServer server = SimulatorServer.Start(
            new SimulatorOptions { Symbols = ["BTC/USD", "ETH/USD"], Rate = 50, Delist = new SimulatorDelisting("ETH/USD", TimeSpan.FromSeconds(2)) },
            TimeProvider.System,
            Logger.None);
        RecordingSink sink = new();
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task run = Feed(server.Endpoint, "BTC/USD", "FOO/BAR", "ETH/USD").RunAsync(sink, stop.Token);

        await WaitFor(() => sink.Ended.Count == 2 && sink.VerifiedAfterLastEnd("BTC/USD") >= 20, token);
        await stop.CancelAsync();
        await run;

        sink.Ended.Keys.Should().BeEquivalentTo("FOO/BAR", "ETH/USD");
        // Whichever comes first ends it: the instrument snapshot without it, or the refusal of its subscription.
        sink.Ended["FOO/BAR"].Should().Match(d => d == "kraken's instrument list does not have it" || d.StartsWith("kraken refused to subscribe it: Currency pair not supported", StringComparison.Ordinal));
        sink.Ended["ETH/USD"].Should().Be("kraken lists it as delisted");
        sink.Lost.Should().BeEmpty("neither ending took any other book down");
    }

    private static async Task WaitFor(Func<bool> condition, CancellationToken token)
    {
        using CancellationTokenSource patience = CancellationTokenSource.CreateLinkedTokenSource(token);
        patience.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, patience.Token);
        }
    }

    private sealed class RecordingSink : IBookSink
    {
        private readonly ConcurrentDictionary<string, int> _verified = new();
        private readonly Dictionary<string, int> _atLastEnd = [];

        public ConcurrentDictionary<string, string> Ended { get; } = new();

        public ConcurrentQueue<string> Lost { get; } = new();

        public int VerifiedAfterLastEnd(string symbol)
        {
            lock (_atLastEnd)
            {
                return _verified.GetValueOrDefault(symbol) - _atLastEnd.GetValueOrDefault(symbol);
            }
        }

        public void OnBookVerified(LiveBook book) => _verified.AddOrUpdate(book.Symbol, 1, (_, n) => n + 1);

        public void OnBooksLost(IReadOnlyList<LiveBook> books, OutageReason reason, string detail)
        {
            foreach (LiveBook book in books)
            {
                Lost.Enqueue($"{book.Symbol}: {reason} {detail}");
            }
        }

        public void OnBookEnded(LiveBook book, string detail)
        {
            lock (_atLastEnd)
            {
                foreach (string symbol in _verified.Keys)
                {
                    _atLastEnd[symbol] = _verified[symbol];
                }
            }

            Ended[book.Symbol] = detail;
        }
    }
}
