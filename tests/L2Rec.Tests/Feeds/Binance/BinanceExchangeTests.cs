using L2Rec.Exchanges;
using L2Rec.Feeds;
using L2Rec.Feeds.Binance;
using L2Rec.Recording;
using Serilog.Core;
using static L2Rec.Tests.Feeds.Binance.BinanceFrames;

namespace L2Rec.Tests.Feeds.Binance;

/// <summary>The two Binance markets as the core sees them: names, symbols, depths, endpoints, precisions, frames.</summary>
public sealed class BinanceExchangeTests
{
    [Theory]
    [InlineData("BTCUSDT", "BTCUSDT")]
    [InlineData("btcusdt", "BTCUSDT")]
    [InlineData(" ethBtc ", "ETHBTC")]
    [InlineData("BTC/USDT", "BTCUSDT")]
    [InlineData("1000pepe/usdt", "1000PEPEUSDT")]
    public void Symbols_are_stored_upper_case_without_a_separator(string text, string expected)
    {
        new BinanceExchange(BinanceMarket.Spot).TryNormalizeSymbol(text, out string symbol).Should().BeTrue();
        symbol.Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("B")]
    [InlineData("BTC-USDT")]
    [InlineData("../x")]
    [InlineData("BTC/")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTU")]
    [InlineData("BTC/USDT/X")]
    public void Anything_else_is_refused(string text) =>
        new BinanceExchange(BinanceMarket.UsdM).TryNormalizeSymbol(text, out _).Should().BeFalse();

    [Fact]
    public void Both_markets_are_in_the_catalog_with_their_endpoints_depths_and_proof()
    {
        IExchange spot = ExchangeCatalog.Find("binance")!;
        IExchange usdm = ExchangeCatalog.Find("BINANCE-USDM")!;

        spot.WebSocketEndpoint.Should().Be(new Uri("wss://stream.binance.com:9443"));
        spot.RestEndpoint.Should().Be(new Uri("https://api.binance.com"));
        usdm.WebSocketEndpoint.Should().Be(new Uri("wss://fstream.binance.com"));
        usdm.RestEndpoint.Should().Be(new Uri("https://fapi.binance.com"));
        foreach (IExchange exchange in new[] { spot, usdm })
        {
            exchange.Proof.Should().Equal("sequence");
            exchange.DataFolder.Should().Be(exchange.Name);
            exchange.CreateLineProof().Should().BeNull();
            exchange.AcceptsDepth(1).Should().BeTrue();
            exchange.AcceptsDepth(1000).Should().BeTrue();
            exchange.AcceptsDepth(0).Should().BeFalse();
            exchange.AcceptsDepth(1001).Should().BeFalse();
        }

        IBookFeed feed = usdm.CreateFeed(new FeedRequest { Symbols = ["BTCUSDT"], Depth = 20, WebSocketEndpoint = usdm.WebSocketEndpoint, RestEndpoint = usdm.RestEndpoint }, TimeProvider.System, Logger.None);
        feed.Exchange.Should().Be("binance-usdm");
        feed.Proof.Should().Equal("sequence");
    }

    [Fact]
    public void Deep_spot_books_take_5000_level_snapshots_and_the_rest_1000()
    {
        BinanceExchange.SnapshotLimitFor(BinanceMarket.Spot, 10).Should().Be(1000);
        BinanceExchange.SnapshotLimitFor(BinanceMarket.Spot, 100).Should().Be(1000);
        BinanceExchange.SnapshotLimitFor(BinanceMarket.Spot, 101).Should().Be(5000);
        BinanceExchange.SnapshotLimitFor(BinanceMarket.UsdM, 1000).Should().Be(1000, "USD-M serves 1000 at most");
        BinanceMarket.UsdM.AcceptsSnapshotLimit(5000).Should().BeFalse();
        BinanceMarket.Spot.SnapshotWeight(5000).Should().Be(250);
        BinanceMarket.UsdM.SnapshotWeight(1000).Should().Be(20);
    }

    [Fact]
    public void A_sequence_outage_is_written_as_sequence() =>
        JsonlLineWriter.ReasonText(OutageReason.Sequence).Should().Be("sequence");

    [Theory]
    [InlineData("0.01000000", 2)]
    [InlineData("0.00001000", 5)]
    [InlineData("1.00000000", 0)]
    [InlineData("10", 0)]
    [InlineData("0.5", 1)]
    [InlineData("0.10", 1)]
    public void Precisions_are_the_digits_of_the_trimmed_tick(string tick, int precision) =>
        BinanceInstrument.PrecisionOf(tick).Should().Be(precision);

    [Fact]
    public void ExchangeInfo_gives_status_and_precisions()
    {
        Dictionary<string, BinanceInstrument> instruments = BinanceInstrument.ParseExchangeInfo(
            Bytes(ExchangeInfo(("BTCUSDT", "TRADING", "0.01000000", "0.00001000"), ("ETHBTC", "BREAK", "0.00001000", "0.00010000"))))!;

        instruments["BTCUSDT"].Should().Be(new BinanceInstrument("BTCUSDT", "TRADING", 2, 5));
        instruments["ETHBTC"].IsTrading.Should().BeFalse();
        instruments["ETHBTC"].PricePrecision.Should().Be(5);
        BinanceInstrument.ParseExchangeInfo(Bytes("""{"code":-1000}""")).Should().BeNull();
    }

    [Fact]
    public void The_parser_reads_spot_and_usdm_depth_events_bookTickers_and_control_answers()
    {
        BinanceFrameParser parser = new(["BTCUSDT", "ETHUSDT"]);
        BinanceFrame frame = new();

        parser.TryParse(Bytes(SpotDepth("ETHUSDT", 10, 12, 1_723_161_255_208, L("61737.63000000@0.00000000", "1.5@2"), L("61837.64000000@1.54698000"))), frame).Should().BeTrue();
        frame.Kind.Should().Be(BinanceFrameKind.Depth);
        frame.SymbolIndex.Should().Be(1);
        (frame.FirstId, frame.LastId, frame.PreviousId, frame.EventTime).Should().Be((10L, 12L, -1L, 1_723_161_255_208L));
        frame.Bids.ToArray().Select(l => $"{l.Price}x{l.Qty}").Should().Equal("61737.63000000x0.00000000", "1.5x2");
        frame.Asks.Length.Should().Be(1);

        parser.TryParse(Bytes(UsdMDepth("BTCUSDT", 5_123_107_832_006, 5_123_107_837_557, 5_123_107_831_937, 1_723_161_256_298, L("58710.20@0.014"), [])), frame).Should().BeTrue();
        (frame.Kind, frame.SymbolIndex, frame.PreviousId, frame.TransactionTime).Should().Be((BinanceFrameKind.Depth, 0, 5_123_107_831_937L, 1_723_161_256_298L));

        parser.TryParse(Bytes(SpotTicker("BTCUSDT", 50_093_239_212, "61837.63000000", "3.78826000", "61837.64000000", "1.54698000")), frame).Should().BeTrue();
        frame.Kind.Should().Be(BinanceFrameKind.BookTicker);
        (frame.LastId, frame.BestBid.ToString(), frame.BestAskQty.ToString()).Should().Be((50_093_239_212L, "61837.63000000", "1.54698000"));

        parser.TryParse(Bytes("""{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":7,"s":"BTCUSDT","b":"1.0","B":"2","a":"1.1","A":"3","T":1,"E":2}}"""), frame).Should().BeTrue();
        frame.Kind.Should().Be(BinanceFrameKind.BookTicker);

        parser.TryParse(Bytes("""{"result":["btcusdt@depth@100ms","btcusdt@bookTicker"],"id":1}"""), frame).Should().BeTrue();
        frame.Kind.Should().Be(BinanceFrameKind.Response);
        parser.TryParse(Bytes("""{"result":null,"id":1}"""), frame).Should().BeTrue();
        frame.Kind.Should().Be(BinanceFrameKind.Response);
        parser.TryParse(Bytes("""{"code":2,"msg":"Invalid request: unknown variant"}"""), frame).Should().BeTrue();
        (frame.Kind, frame.Code, frame.Message).Should().Be((BinanceFrameKind.Error, 2L, "Invalid request: unknown variant"));
        parser.TryParse(Bytes("""{"stream":"xrpusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"s":"XRPUSDT","U":1,"u":2,"b":[],"a":[]}}"""), frame).Should().BeTrue();
        frame.SymbolIndex.Should().Be(-1);

        parser.TryParse(Bytes("""{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","U":1,"u":2,"b":[["x","1"]],"a":[]}}"""), frame).Should().BeFalse();
        parser.TryParse(Bytes("""{"stream":"btcusdt@depth"""), frame).Should().BeFalse();
    }

    [Fact]
    public void A_snapshot_body_is_read_exactly()
    {
        BinanceSnapshot.TryParse(Bytes("""{"lastUpdateId":1027024,"E":1589436922972,"T":1589436922959,"bids":[["4.00000000","431.00000000"]],"asks":[["4.00000200","12.00000000"]]}"""), out BinanceSnapshot snapshot).Should().BeTrue();
        snapshot.LastUpdateId.Should().Be(1027024);
        snapshot.TransactionTime.Should().Be(1589436922959);
        snapshot.Bids.Single().Price.ToString().Should().Be("4.00000000");
        snapshot.Asks.Single().Price.ToString().Should().Be("4.00000200");
        BinanceSnapshot.TryParse(Bytes("""{"code":-1121,"msg":"Invalid symbol."}"""), out _).Should().BeFalse();
    }
}
