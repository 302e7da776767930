namespace L2Rec.Simulation.Binance;

/// <summary>
/// What differs between Binance spot and USD-M futures as far as the order book goes: paths, stream speeds, message
/// fields, depth limits and weights, number text, ping cadence. The facts are in <c>research/binance.md</c>.
/// </summary>
internal sealed class BinanceVariant
{
    public static readonly BinanceVariant Spot = new()
    {
        Name = SimulatedExchanges.Binance,
        IsFutures = false,
        RestPrefix = "/api/v3",
        DeliveringPrefixes = [string.Empty],
        SilentPrefixes = [],
        DepthStreams = [("@depth", TimeSpan.FromSeconds(1)), ("@depth@100ms", TimeSpan.FromMilliseconds(100))],
        WeightLimit = 6000,
        ExchangeInfoWeight = 20,
        DefaultDepthLimit = 100,
        PingInterval = TimeSpan.FromSeconds(20),
        PongTimeout = TimeSpan.FromMinutes(1),
        MessagesPerSecond = 5,
        ModelLevels = 6000,
    };

    public static readonly BinanceVariant UsdM = new()
    {
        Name = SimulatedExchanges.BinanceUsdM,
        IsFutures = true,
        RestPrefix = "/fapi/v1",

        // Depth and book tickers live under /public since 2026-04-23; the old paths and /market still connect and
        // acknowledge, then deliver nothing of them.
        DeliveringPrefixes = ["/public"],
        SilentPrefixes = [string.Empty, "/market"],
        DepthStreams = [("@depth", TimeSpan.FromMilliseconds(250)), ("@depth@100ms", TimeSpan.FromMilliseconds(100)), ("@depth@500ms", TimeSpan.FromMilliseconds(500))],
        WeightLimit = 2400,
        ExchangeInfoWeight = 1,
        DefaultDepthLimit = 500,
        PingInterval = TimeSpan.FromMinutes(3),
        PongTimeout = TimeSpan.FromMinutes(10),
        MessagesPerSecond = 10,
        ModelLevels = 1600,
    };

    private static readonly int[] FuturesLimits = [5, 10, 20, 50, 100, 500, 1000];

    public required string Name { get; init; }

    /// <summary>USD-M: <c>T</c> and <c>pu</c> on depth events, ids not contiguous, symbol precision in numbers.</summary>
    public required bool IsFutures { get; init; }

    /// <summary><c>/api/v3</c> or <c>/fapi/v1</c>.</summary>
    public required string RestPrefix { get; init; }

    /// <summary>Path prefixes before <c>/ws</c> or <c>/stream</c> whose connections get depth and book tickers.</summary>
    public required IReadOnlyList<string> DeliveringPrefixes { get; init; }

    /// <summary>Path prefixes that connect and acknowledge but never deliver depth or book tickers.</summary>
    public required IReadOnlyList<string> SilentPrefixes { get; init; }

    /// <summary>Diff-depth stream suffixes and how often each pushes.</summary>
    public required IReadOnlyList<(string Suffix, TimeSpan Interval)> DepthStreams { get; init; }

    /// <summary>REQUEST_WEIGHT per minute per IP.</summary>
    public required int WeightLimit { get; init; }

    public required int ExchangeInfoWeight { get; init; }

    public required int DefaultDepthLimit { get; init; }

    public required TimeSpan PingInterval { get; init; }

    public required TimeSpan PongTimeout { get; init; }

    /// <summary>Client messages per second a connection may send (pings, pongs and JSON alike).</summary>
    public required int MessagesPerSecond { get; init; }

    /// <summary>Levels per side the market keeps: more than the largest snapshot, so changes beyond it happen.</summary>
    public required int ModelLevels { get; init; }

    /// <summary>The largest depth snapshot.</summary>
    public int MaxDepthLimit => IsFutures ? 1000 : 5000;

    /// <summary>
    /// The levels and weight of a depth request's <c>limit</c> text (null when absent), or an error (code, message).
    /// Spot: 1 to 5000, more is cut to 5000; weight 5/25/50/250. USD-M: 5, 10, 20, 50, 100, 500, 1000 only; weight
    /// 2/5/10/20, and 1 for a request without a limit (as measured: the page says otherwise).
    /// </summary>
    public (int Levels, int Weight, int ErrorCode, string? Error) DepthLimit(string? text)
    {
        if (text is null)
        {
            return (DefaultDepthLimit, IsFutures ? 1 : 5, 0, null);
        }

        if (text.Length is 0 or > 20 || !text.All(char.IsAsciiDigit))
        {
            return (0, IsFutures ? 1 : 5, -1100, "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'.");
        }

        if (!int.TryParse(text, out int limit))
        {
            limit = int.MaxValue;
        }

        if (IsFutures)
        {
            return FuturesLimits.Contains(limit)
                ? (limit, limit switch { <= 50 => 2, 100 => 5, 500 => 10, _ => 20 }, 0, null)
                : (0, 1, -4021, $"{text} is not valid depth limit");
        }

        if (limit < 1)
        {
            return (0, 5, -1130, "Data sent for parameter 'limit' is not valid.");
        }

        limit = Math.Min(limit, 5000);
        return (limit, limit switch { <= 100 => 5, <= 500 => 25, <= 1000 => 50, _ => 250 }, 0, null);
    }
}
