using System.Text.RegularExpressions;

namespace L2Rec.Simulation.Binance;

/// <summary>
/// One Binance instrument as the simulator serves it. The market moves in ticks of 10^-<see cref="TickScale"/> and lots
/// of 10^-<see cref="StepScale"/>; the wire spells numbers with 8 decimals on spot and with <see cref="PricePrecision"/>
/// and <see cref="QuantityPrecision"/> on USD-M (BTCUSDT futures: tick 0.10, written <c>61800.20</c>).
/// </summary>
internal sealed record BinanceInstrument(
    string Symbol, string BaseAsset, string QuoteAsset, int TickScale, int StepScale, int PricePrecision, int QuantityPrecision, decimal StartPrice)
{
    public int WirePriceScale(BinanceVariant variant) => variant.IsFutures ? PricePrecision : 8;

    public int WireQtyScale(BinanceVariant variant) => variant.IsFutures ? QuantityPrecision : 8;
}

/// <summary>Binance's tick and lot sizes and a plausible starting price for the symbols the simulator serves.</summary>
internal static partial class BinanceInstruments
{
    private static readonly Dictionary<string, (int Tick, int Step, decimal Start)> Spot = new(StringComparer.Ordinal)
    {
        ["BTCUSDT"] = (2, 5, 61837.63m),
        ["ETHUSDT"] = (2, 4, 2650.25m),
        ["BNBUSDT"] = (2, 3, 520.4m),
        ["SOLUSDT"] = (2, 3, 145.67m),
        ["XRPUSDT"] = (4, 1, 0.5234m),
        ["DOGEUSDT"] = (5, 0, 0.10234m),
        ["ETHBTC"] = (5, 4, 0.04312m),
        ["BTCEUR"] = (2, 5, 56512.18m),
    };

    private static readonly Dictionary<string, (int Tick, int Step, int Price, int Qty, decimal Start)> Futures = new(StringComparer.Ordinal)
    {
        ["BTCUSDT"] = (1, 3, 2, 3, 61800.2m),
        ["ETHUSDT"] = (2, 3, 2, 3, 2650.31m),
        ["BNBUSDT"] = (2, 2, 3, 2, 520.41m),
        ["SOLUSDT"] = (2, 0, 4, 0, 145.67m),
        ["XRPUSDT"] = (4, 1, 4, 1, 0.5234m),
        ["DOGEUSDT"] = (5, 0, 6, 0, 0.10234m),
    };

    private static readonly string[] Quotes = ["FDUSD", "USDT", "USDC", "TUSD", "BUSD", "BTC", "ETH", "BNB", "EUR", "TRY", "BRL", "JPY", "USD"];

    [GeneratedRegex("^[A-Z0-9]{2,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary><c>BTCUSDT</c> from <c>BTCUSDT</c>, <c>btcusdt</c> or <c>BTC/USDT</c>; false for anything else.</summary>
    public static bool TryNormalize(string? text, out string symbol)
    {
        symbol = (text ?? string.Empty).Trim().ToUpperInvariant();
        int slash = symbol.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && slash < symbol.Length - 1)
        {
            symbol = string.Concat(symbol.AsSpan(0, slash), symbol.AsSpan(slash + 1));
        }

        return Pattern().IsMatch(symbol);
    }

    public static BinanceInstrument For(BinanceVariant variant, string symbol)
    {
        (string baseAsset, string quoteAsset) = Split(symbol);
        if (variant.IsFutures)
        {
            if (Futures.TryGetValue(symbol, out (int Tick, int Step, int Price, int Qty, decimal Start) f))
            {
                return new(symbol, baseAsset, quoteAsset, f.Tick, f.Step, f.Price, f.Qty, f.Start);
            }
        }
        else if (Spot.TryGetValue(symbol, out (int Tick, int Step, decimal Start) s))
        {
            return new(symbol, baseAsset, quoteAsset, s.Tick, s.Step, 8, 8, s.Start);
        }

        // A stable, plausible choice for symbols not in the table: a mid-priced asset with cent-ish ticks.
        int hash = 0;
        foreach (char c in symbol)
        {
            hash = (hash * 31) + c;
        }

        int tick = 2 + (Math.Abs(hash) % 3);
        int step = 1 + (Math.Abs(hash / 7) % 3);
        return new(symbol, baseAsset, quoteAsset, tick, step, variant.IsFutures ? tick : 8, variant.IsFutures ? step : 8, 10m + (Math.Abs(hash) % 900));
    }

    private static (string Base, string Quote) Split(string symbol)
    {
        foreach (string quote in Quotes)
        {
            if (symbol.Length > quote.Length && symbol.EndsWith(quote, StringComparison.Ordinal))
            {
                return (symbol[..^quote.Length], quote);
            }
        }

        return symbol.Length > 4 ? (symbol[..^4], symbol[^4..]) : (symbol, "USDT");
    }
}
