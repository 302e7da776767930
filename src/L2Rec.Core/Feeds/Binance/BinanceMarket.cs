namespace L2Rec.Feeds.Binance;

/// <summary>
/// What differs between Binance spot and USD-M futures for a book recorder: endpoints and paths, the snapshot limits
/// and their request weight, the weight budget, which event time dates a book, and how update ids chain.
/// </summary>
public sealed class BinanceMarket
{
    private BinanceMarket()
    {
    }

    /// <summary>Spot: <c>U</c> = previous <c>u</c> + 1, books dated by the event time <c>E</c>, 6000 weight a minute.</summary>
    public static BinanceMarket Spot { get; } = new()
    {
        Name = "binance",
        IsFutures = false,
        WebSocketEndpoint = new Uri("wss://stream.binance.com:9443"),
        RestEndpoint = new Uri("https://api.binance.com"),
        StreamPath = "/stream",
        DepthPath = "/api/v3/depth",
        ExchangeInfoPath = "/api/v3/exchangeInfo",
        ExchangeInfoWeight = 20,
        WeightPerMinute = 6000,
        MaxSnapshotLimit = 5000,
    };

    /// <summary>USD-M futures: <c>pu</c> = previous <c>u</c>, books dated by the matching time <c>T</c>, 2400 weight a minute.</summary>
    public static BinanceMarket UsdM { get; } = new()
    {
        Name = "binance-usdm",
        IsFutures = true,
        WebSocketEndpoint = new Uri("wss://fstream.binance.com"),
        RestEndpoint = new Uri("https://fapi.binance.com"),
        StreamPath = "/public/stream",
        DepthPath = "/fapi/v1/depth",
        ExchangeInfoPath = "/fapi/v1/exchangeInfo",
        ExchangeInfoWeight = 1,
        WeightPerMinute = 2400,
        MaxSnapshotLimit = 1000,
    };

    /// <summary>The <c>--exchange</c> value and the <c>exchange</c> field of every line.</summary>
    public required string Name { get; init; }

    /// <summary>USD-M: ids chain by <c>pu</c>, not by +1, and a book's time is <c>T</c>.</summary>
    public required bool IsFutures { get; init; }

    public required Uri WebSocketEndpoint { get; init; }

    public required Uri RestEndpoint { get; init; }

    /// <summary>Appended to the WebSocket endpoint (an override too) for the combined stream.</summary>
    public required string StreamPath { get; init; }

    public required string DepthPath { get; init; }

    public required string ExchangeInfoPath { get; init; }

    public required int ExchangeInfoWeight { get; init; }

    /// <summary>The request weight allowed per minute per IP (<c>X-MBX-USED-WEIGHT-1M</c> counts against it).</summary>
    public required int WeightPerMinute { get; init; }

    public required int MaxSnapshotLimit { get; init; }

    /// <summary>The depth stream subscribed: every 100 ms on both markets.</summary>
    public static string DepthStream(string symbol) => symbol.ToLowerInvariant() + "@depth@100ms";

    public static string BookTickerStream(string symbol) => symbol.ToLowerInvariant() + "@bookTicker";

    /// <summary>True when the market serves a REST snapshot of that many levels.</summary>
    public bool AcceptsSnapshotLimit(int limit) =>
        IsFutures ? limit is 5 or 10 or 20 or 50 or 100 or 500 or 1000 : limit is >= 1 and <= 5000;

    /// <summary>The request weight of a depth snapshot of <paramref name="limit"/> levels.</summary>
    public int SnapshotWeight(int limit) => IsFutures
        ? limit switch { <= 50 => 2, <= 100 => 5, <= 500 => 10, _ => 20 }
        : limit switch { <= 100 => 5, <= 500 => 25, <= 1000 => 50, _ => 250 };
}
