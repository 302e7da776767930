using System.Collections.Concurrent;
using System.Net;
using L2Rec.Feeds;
using L2Rec.Feeds.Binance;
using L2Rec.Feeds.Healing;
using Serilog.Core;
using static L2Rec.Tests.Feeds.Binance.BinanceFrames;

namespace L2Rec.Tests.Feeds.Binance;

/// <summary>
/// The feed as a whole, driven frame by frame through its connection protocol with REST behind a fake HTTP handler
/// (no sockets): outages, re-syncs, band refreshes, endings and the start-up check.
/// </summary>
public sealed class BinanceFeedTests
{
    private static readonly string Info = ExchangeInfo(("BTCUSDT", "TRADING", "0.01000000", "0.00001000"), ("ETHUSDT", "TRADING", "0.01000000", "0.00010000"), ("OLDUSDT", "BREAK", "0.01", "1"));

    private static BinanceFeed Feed(FakeBinanceRest rest, int depth = 10, BinanceMarket? market = null, params string[] symbols) =>
        new(
            new BinanceFeedOptions
            {
                Market = market ?? BinanceMarket.Spot,
                Symbols = symbols,
                Depth = depth,
                WebSocketEndpoint = new Uri("ws://127.0.0.1:9/proxy"),
                RestEndpoint = new Uri("http://127.0.0.1:9/rest/"),
                HttpHandler = rest,
                BandRefreshSpacing = TimeSpan.Zero,
            },
            TimeProvider.System,
            Logger.None);

    [Fact]
    public async Task A_gap_drops_that_book_alone_with_a_sequence_outage_and_re_syncs_it_from_a_new_snapshot()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        FakeBinanceRest rest = new(Info);
        BinanceFeed feed = Feed(rest, 10, null, "BTCUSDT", "ETHUSDT");
        Sink sink = new();
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task run = feed.RunWithoutConnectionsAsync(sink, stop.Token);
        IFeedProtocol connection = feed.Connections.Single();
        NullSender sender = new();
        await connection.OnConnectedAsync(sender, stop.Token);

        rest.Snapshot("BTCUSDT", Snapshot(100, L("100.00@1"), L("101.00@1")));
        rest.Snapshot("ETHUSDT", Snapshot(500, L("10.00@1"), L("11.00@1")));
        await WaitFor(() => feed.Snapshots == 2, token);
        connection.OnFrame(Bytes(SpotDepth("BTCUSDT", 101, 101, 1_000, L("100.00@2"), [])), sender).Should().BeNull();
        connection.OnFrame(Bytes(SpotDepth("ETHUSDT", 501, 501, 1_000, L("10.00@2"), [])), sender).Should().BeNull();
        feed.Books[0].IsVerified.Should().BeTrue();
        feed.Books[1].IsVerified.Should().BeTrue();

        connection.OnFrame(Bytes(SpotDepth("BTCUSDT", 103, 103, 1_100, L("100.00@3"), [])), sender).Should().BeNull("a gap is the book's fault, not the connection's");

        sink.Lost.Should().Equal("BTCUSDT: Sequence update id gap: U=103, expected 102 (u=103)");
        feed.SequenceBreaks.Should().Be(1);
        feed.Books[0].IsVerified.Should().BeFalse();
        connection.OnFrame(Bytes(SpotDepth("ETHUSDT", 502, 502, 1_100, L("10.00@3"), [])), sender);
        feed.Books[1].IsVerified.Should().BeTrue("the other symbol is untouched");

        // After its backoff (about a second) the broken book alone asks for a new snapshot, which joins the buffer.
        rest.Snapshot("BTCUSDT", Snapshot(102, L("100.00@1"), L("101.00@1")));
        await WaitFor(() => feed.Snapshots == 3, token);
        rest.DepthRequests("BTCUSDT").Should().Be(2);
        rest.DepthRequests("ETHUSDT").Should().Be(1);
        feed.Books[0].IsVerified.Should().BeTrue();
        feed.Books[0].Sequence.Should().Be(103);
        feed.Books[0].PricePrecision.Should().Be(2);
        feed.Books[0].QtyPrecision.Should().Be(5);

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Leaving_the_band_schedules_a_fresh_snapshot_that_widens_it()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        FakeBinanceRest rest = new(Info);
        BinanceFeed feed = new(
            new BinanceFeedOptions
            {
                Market = BinanceMarket.Spot,
                Symbols = ["BTCUSDT"],
                Depth = 2,
                SnapshotLimit = 3,
                WebSocketEndpoint = new Uri("ws://127.0.0.1:9"),
                RestEndpoint = new Uri("http://127.0.0.1:9"),
                HttpHandler = rest,
            },
            TimeProvider.System,
            Logger.None);
        Sink sink = new();
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task run = feed.RunWithoutConnectionsAsync(sink, stop.Token);
        IFeedProtocol connection = feed.Connections.Single();
        NullSender sender = new();
        await connection.OnConnectedAsync(sender, stop.Token);
        rest.Snapshot("BTCUSDT", Snapshot(100, L("100.00@1", "99.00@1", "98.00@1"), L("101.00@1")));
        await WaitFor(() => feed.Snapshots == 1, token);
        connection.OnFrame(Bytes(SpotDepth("BTCUSDT", 101, 101, 1_000, L("100.00@0", "99.00@0", "97.00@5"), [])), sender);

        feed.Books[0].WritableBids.Length.Should().Be(1, "97.00 is below the snapshot's band");
        await WaitFor(() => rest.DepthRequests("BTCUSDT") == 2, token);
        feed.BandRefreshes.Should().Be(1);

        rest.Snapshot("BTCUSDT", Snapshot(101, L("98.00@1", "97.00@5", "96.00@1"), L("101.00@1")));
        await WaitFor(() => feed.Snapshots == 2, token);
        connection.OnFrame(Bytes(SpotDepth("BTCUSDT", 102, 102, 1_000, [], [])), sender);

        feed.Comparisons.Should().Be(1);
        feed.ComparisonFailures.Should().Be(0);
        feed.Books[0].WritableBids.ToArray().Select(l => l.Price.ToString()).Should().Equal("98.00", "97.00");
        sink.Lost.Should().BeEmpty();

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_bookTicker_mismatch_is_a_sequence_outage_and_is_counted()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        FakeBinanceRest rest = new(Info);
        BinanceFeed feed = Feed(rest, 10, null, "BTCUSDT");
        Sink sink = new();
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task run = feed.RunWithoutConnectionsAsync(sink, stop.Token);
        IFeedProtocol connection = feed.Connections.Single();
        NullSender sender = new();
        await connection.OnConnectedAsync(sender, stop.Token);
        rest.Snapshot("BTCUSDT", Snapshot(100, L("100.00@1"), L("101.00@1")));
        await WaitFor(() => feed.Snapshots == 1, token);
        connection.OnFrame(Bytes(SpotDepth("BTCUSDT", 101, 101, 1_000, L("100.00@2"), [])), sender);

        connection.OnFrame(Bytes(SpotTicker("BTCUSDT", 101, "100.00000000", "2.00000000", "101.00000000", "1.00000000")), sender);
        feed.CrossChecks.Should().Be(1);
        feed.CrossCheckFailures.Should().Be(0);

        connection.OnFrame(Bytes(SpotTicker("BTCUSDT", 101, "100.00000000", "2.00000000", "101.00000000", "1.50000000")), sender);
        feed.CrossChecks.Should().Be(2);
        feed.CrossCheckFailures.Should().Be(1);
        sink.Lost.Should().ContainSingle().Which.Should().StartWith("BTCUSDT: Sequence bookTicker cross-check failed at u=101");
        feed.SequenceBreaks.Should().Be(0, "a cross-check failure is counted as such");

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task An_invalid_symbol_answer_ends_that_symbol_alone()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        FakeBinanceRest rest = new(Info);
        BinanceFeed feed = Feed(rest, 10, null, "BTCUSDT", "ETHUSDT");
        Sink sink = new();
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task run = feed.RunWithoutConnectionsAsync(sink, stop.Token);
        await ((IFeedProtocol)feed.Connections.Single()).OnConnectedAsync(new NullSender(), stop.Token);

        rest.Queue("ETHUSDT", () => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("""{"code":-1121,"msg":"Invalid symbol."}""") });
        rest.Snapshot("BTCUSDT", Snapshot(100, L("100.00@1"), L("101.00@1")));
        await WaitFor(() => sink.Ended.ContainsKey("ETHUSDT") && feed.Snapshots == 1, token);

        sink.Ended["ETHUSDT"].Should().Contain("invalid symbol").And.Contain("-1121");
        sink.Ended.Should().ContainSingle();
        sink.Lost.Should().BeEmpty();

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_disconnect_drops_every_book_of_the_connection()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        FakeBinanceRest rest = new(Info);
        BinanceFeed feed = Feed(rest, 10, null, "BTCUSDT", "ETHUSDT");
        Sink sink = new();
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task run = feed.RunWithoutConnectionsAsync(sink, stop.Token);
        IFeedProtocol connection = feed.Connections.Single();
        await connection.OnConnectedAsync(new NullSender(), stop.Token);

        connection.OnDisconnected(new ConnectionFault(OutageReason.Disconnect, "connection reset by peer"));

        sink.Lost.Should().Equal("BTCUSDT: Disconnect connection reset by peer", "ETHUSDT: Disconnect connection reset by peer");
        connection.OnFrame(Bytes("""{"result":["btcusdt@depth@100ms"],"id":1}"""), new NullSender()).Should().BeNull("the probe's answer is a sign of life");
        connection.OnFrame(Bytes("""{"code":2,"msg":"Invalid request"}"""), new NullSender()).Should().NotBeNull();
        connection.OnFrame(Bytes("""not json"""), new NullSender())!.Value.Reason.Should().Be(OutageReason.Error);

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task The_start_up_check_names_symbols_not_listed_or_not_trading()
    {
        FakeBinanceRest rest = new(Info);
        SymbolListing listing = await Feed(rest, 10, null, "BTCUSDT", "FOOUSDT", "OLDUSDT").CheckSymbolsAsync(TestContext.Current.CancellationToken);

        listing.IsChecked.Should().BeTrue();
        listing.Unlisted.Should().Equal("FOOUSDT", "OLDUSDT");
        rest.Requests.Single().ToString().Should().Be("http://127.0.0.1:9/rest/api/v3/exchangeInfo");
    }

    [Fact]
    public async Task An_unreachable_exchange_leaves_the_symbols_unchecked()
    {
        System.Net.Sockets.TcpListener probe = new(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BinanceFeed feed = new(
            new BinanceFeedOptions { Market = BinanceMarket.UsdM, Symbols = ["BTCUSDT"], Depth = 10, WebSocketEndpoint = new Uri("ws://127.0.0.1:9"), RestEndpoint = new Uri($"http://127.0.0.1:{port}") },
            TimeProvider.System,
            Logger.None);

        SymbolListing listing = await feed.CheckSymbolsAsync(TestContext.Current.CancellationToken);

        listing.IsChecked.Should().BeFalse();
        listing.UncheckedReason.Should().Contain($"127.0.0.1:{port}/fapi/v1/exchangeInfo");
    }

    [Fact]
    public void The_combined_stream_is_appended_to_the_endpoint_and_split_past_the_limits()
    {
        FakeBinanceRest rest = new(Info);
        Feed(rest, 10, null, "BTCUSDT", "ETHUSDT").ConnectionUris.Select(u => u.ToString()).Should().Equal(
            "ws://127.0.0.1:9/proxy/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker/ethusdt@depth@100ms/ethusdt@bookTicker");
        Feed(rest, 10, BinanceMarket.UsdM, "BTCUSDT").ConnectionUris.Single().ToString().Should().Be(
            "ws://127.0.0.1:9/proxy/public/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker");

        string[] many = [.. Enumerable.Range(0, 600).Select(i => $"S{i}USDT")];
        BinanceFeed split = new(
            new BinanceFeedOptions { Market = BinanceMarket.Spot, Symbols = many, Depth = 10, WebSocketEndpoint = new Uri("wss://x"), RestEndpoint = new Uri("https://y"), HttpHandler = rest, MaxUrlLength = 100_000, SnapshotLimit = 5 },
            TimeProvider.System,
            Logger.None);
        split.ConnectionUris.Select(u => u.Query.Split('/').Length).Should().Equal([1024, 176], "1024 streams per connection at most, two per symbol");

        BinanceFeed byLength = new(
            new BinanceFeedOptions { Market = BinanceMarket.Spot, Symbols = many, Depth = 10, WebSocketEndpoint = new Uri("wss://x"), RestEndpoint = new Uri("https://y"), HttpHandler = rest, SnapshotLimit = 5 },
            TimeProvider.System,
            Logger.None);
        byLength.ConnectionUris.Should().HaveCountGreaterThan(2);
        byLength.ConnectionUris.Should().OnlyContain(u => u.OriginalString.Length <= 4000);
        byLength.Books.Select(b => b.Symbol).Should().Equal(many);
    }

    [Fact]
    public async Task A_handover_to_a_new_connection_moves_every_book_without_a_gap()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        FakeBinanceRest rest = new(Info);
        BinanceFeed feed = Feed(rest, 10, null, "BTCUSDT", "ETHUSDT");
        Sink sink = new();
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task run = feed.RunWithoutConnectionsAsync(sink, stop.Token);
        BinanceConnectionGroup group = feed.Groups.Single();
        IFeedProtocol old = group.Active;
        NullSender sender = new();
        await old.OnConnectedAsync(sender, stop.Token);
        rest.Snapshot("BTCUSDT", Snapshot(100, L("100.00@1"), L("101.00@1")));
        rest.Snapshot("ETHUSDT", Snapshot(500, L("10.00@1"), L("11.00@1")));
        await WaitFor(() => feed.Snapshots == 2, token);
        old.OnFrame(Bytes(SpotDepth("BTCUSDT", 101, 102, 1_000, L("100.00@2"), [])), sender);
        old.OnFrame(Bytes(SpotDepth("ETHUSDT", 501, 502, 1_000, L("10.00@2"), [])), sender);

        IFeedProtocol next = feed.BeginHandover(group);
        await next.OnConnectedAsync(sender, stop.Token);
        next.OnFrame(Bytes(SpotDepth("BTCUSDT", 102, 104, 1_100, L("100.00@3"), [])), sender);
        BinanceFeed.HandoverDone(group).Should().BeFalse("ETHUSDT has not moved yet");
        old.OnFrame(Bytes(SpotDepth("ETHUSDT", 503, 503, 1_100, [], [])), sender);
        next.OnFrame(Bytes(SpotDepth("ETHUSDT", 504, 505, 1_200, L("10.00@4"), [])), sender);
        BinanceFeed.HandoverDone(group).Should().BeTrue();
        feed.CompleteHandover(group);

        // The old connection's frames no longer count; the new one's continue the chain.
        old.OnFrame(Bytes(SpotDepth("BTCUSDT", 103, 110, 1_300, L("100.00@9"), [])), sender);
        next.OnFrame(Bytes(SpotDepth("BTCUSDT", 105, 105, 1_300, [], [])), sender);

        sink.Lost.Should().BeEmpty();
        feed.Rest.Should().NotBeNull();
        rest.DepthRequests("BTCUSDT").Should().Be(1, "the live book stood in for the snapshot");
        feed.Books[0].Sequence.Should().Be(105);
        feed.Books[0].Book.Bids[0].Qty.ToString().Should().Be("3");
        feed.Books[1].Sequence.Should().Be(505);
        feed.Handovers.Should().Be(1);
        feed.Connections.Single().Should().BeSameAs(next);

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_book_that_does_not_move_in_time_is_dropped_and_re_synced_on_the_new_connection()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        FakeBinanceRest rest = new(Info);
        BinanceFeed feed = Feed(rest, 10, null, "BTCUSDT");
        Sink sink = new();
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task run = feed.RunWithoutConnectionsAsync(sink, stop.Token);
        BinanceConnectionGroup group = feed.Groups.Single();
        IFeedProtocol old = group.Active;
        NullSender sender = new();
        await old.OnConnectedAsync(sender, stop.Token);
        rest.Snapshot("BTCUSDT", Snapshot(100, L("100.00@1"), L("101.00@1")));
        await WaitFor(() => feed.Snapshots == 1, token);
        old.OnFrame(Bytes(SpotDepth("BTCUSDT", 101, 102, 1_000, L("100.00@2"), [])), sender);

        IFeedProtocol next = feed.BeginHandover(group);
        await next.OnConnectedAsync(sender, stop.Token);
        feed.CompleteHandover(group);

        sink.Lost.Should().Equal("BTCUSDT: Disconnect connection lifetime: the book did not move to the new connection in time");
        rest.Snapshot("BTCUSDT", Snapshot(102, L("100.00@1"), L("101.00@1")));
        next.OnFrame(Bytes(SpotDepth("BTCUSDT", 103, 103, 1_100, [], [])), sender);
        await WaitFor(() => feed.Snapshots == 2, token);
        feed.Books[0].IsVerified.Should().BeTrue();
        feed.Books[0].Sequence.Should().Be(103);

        await stop.CancelAsync();
        await run;
    }

    private static async Task WaitFor(Func<bool> condition, CancellationToken token)
    {
        using CancellationTokenSource patience = CancellationTokenSource.CreateLinkedTokenSource(token);
        patience.CancelAfter(TimeSpan.FromSeconds(15));
        while (!condition())
        {
            await Task.Delay(10, patience.Token);
        }
    }

    private sealed class NullSender : IFrameSender
    {
        public Task SendAsync(string text) => Task.CompletedTask;

        public void Post(string text)
        {
        }

        public void PostLater(string text, TimeSpan delay)
        {
        }
    }

    private sealed class Sink : IBookSink
    {
        public ConcurrentQueue<string> Lost { get; } = new();

        public ConcurrentDictionary<string, string> Ended { get; } = new();

        public int Verified;

        public void OnBookVerified(LiveBook book) => Interlocked.Increment(ref Verified);

        public void OnBooksLost(IReadOnlyList<LiveBook> books, OutageReason reason, string detail)
        {
            foreach (LiveBook book in books)
            {
                Lost.Enqueue($"{book.Symbol}: {reason} {detail}");
            }
        }

        public void OnBookEnded(LiveBook book, string detail) => Ended[book.Symbol] = detail;
    }
}
