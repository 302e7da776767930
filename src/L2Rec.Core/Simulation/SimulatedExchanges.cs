using L2Rec.Simulation.Binance;
using L2Rec.Simulation.Kraken;
using Serilog;

namespace L2Rec.Simulation;

/// <summary>The exchanges <c>l2rec simulate</c> can be: the one place that lists them.</summary>
public static class SimulatedExchanges
{
    public const string Kraken = "kraken";

    public const string Binance = "binance";

    public const string BinanceUsdM = "binance-usdm";

    public static IReadOnlyList<string> Names { get; } = [Kraken, Binance, BinanceUsdM];

    /// <summary>The symbol form each exchange's simulator takes, for messages.</summary>
    public static string SymbolForm(string exchange) => exchange switch
    {
        Kraken => "BASE/QUOTE, each side 1 to 15 letters or digits (e.g. BTC/USD)",
        _ => "BASEQUOTE of 2 to 20 letters or digits (e.g. BTCUSDT; BTC/USDT is read as BTCUSDT)",
    };

    /// <summary>
    /// The exchange's spelling of a symbol typed by a user: Kraken's <c>BTC/USD</c>; Binance's <c>BTCUSDT</c> (also
    /// from <c>BTC/USDT</c> or lower case). False when it cannot be one.
    /// </summary>
    public static bool TryNormalizeSymbol(string exchange, string? text, out string symbol)
    {
        if (exchange == Kraken)
        {
            return L2Rec.Recording.SymbolName.TryNormalize(text, out symbol);
        }

        return BinanceInstruments.TryNormalize(text, out symbol);
    }

    internal static ISimulatedExchange Create(SimulatorOptions options, TimeProvider time, ILogger log) => options.Exchange switch
    {
        Kraken => new KrakenSimulator(options, time, log),
        Binance => new BinanceSimulator(BinanceVariant.Spot, options, time, log),
        BinanceUsdM => new BinanceSimulator(BinanceVariant.UsdM, options, time, log),
        _ => throw new ArgumentException($"unknown exchange '{options.Exchange}': give one of {string.Join(", ", Names)}", nameof(options)),
    };
}
