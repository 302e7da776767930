using L2Rec.Exchanges;
using Serilog;

namespace L2Rec.Feeds.Binance;

/// <summary>
/// Binance spot (<c>binance</c>) or USD-M futures (<c>binance-usdm</c>): <c>BTCUSDT</c> symbols (<c>BTC/USDT</c>
/// accepted), any written depth from 1 to 1000, books proven by an unbroken chain of update ids from a REST snapshot.
/// </summary>
public sealed class BinanceExchange(BinanceMarket market) : IExchange
{
    public const int MinDepth = 1;
    public const int MaxDepth = 1000;

    public BinanceMarket Market { get; } = market;

    public string Name => Market.Name;

    public string SymbolForm => BinanceSymbol.AcceptedForm;

    public string DepthsAccepted => "1 to 1000";

    public IReadOnlyList<string> Proof { get; } = [BookProof.Sequence];

    public Uri WebSocketEndpoint => Market.WebSocketEndpoint;

    public Uri? RestEndpoint => Market.RestEndpoint;

    public string DataFolder => Market.Name;

    public bool TryNormalizeSymbol(string text, out string symbol) => BinanceSymbol.TryNormalize(text, out symbol);

    public bool AcceptsDepth(int depth) => depth is >= MinDepth and <= MaxDepth;

    public IBookFeed CreateFeed(FeedRequest request, TimeProvider time, ILogger log) =>
        new BinanceFeed(
            new BinanceFeedOptions
            {
                Market = Market,
                Symbols = request.Symbols,
                Depth = request.Depth,
                WebSocketEndpoint = request.WebSocketEndpoint,
                RestEndpoint = request.RestEndpoint ?? Market.RestEndpoint,
                SnapshotLimit = SnapshotLimitFor(Market, request.Depth),
            },
            time,
            log);

    /// <summary>
    /// Levels per snapshot: 1000 (spot weight 50, USD-M 20, USD-M's most) keeps re-syncs cheap; a spot book written
    /// deeper than 100 levels takes 5000 (weight 250), or its band would be barely wider than the written depth and
    /// need refreshing all the time.
    /// </summary>
    public static int SnapshotLimitFor(BinanceMarket market, int depth) => !market.IsFutures && depth > 100 ? 5000 : 1000;

    // Binance sends no checksum: its books are proven by the update-id chain, which a line's seq field shows.
    public IBookLineProof? CreateLineProof() => null;
}
