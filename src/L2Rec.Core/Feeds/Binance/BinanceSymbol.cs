using System.Text.RegularExpressions;

namespace L2Rec.Feeds.Binance;

/// <summary>Binance's symbol spelling: base and quote run together, upper case (<c>BTCUSDT</c>).</summary>
public static partial class BinanceSymbol
{
    public const string AcceptedForm = "2 to 20 letters or digits (e.g. BTCUSDT), or BASE/QUOTE (BTC/USDT)";

    [GeneratedRegex("^[A-Z0-9]{2,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    [GeneratedRegex("^[A-Z0-9]{1,19}/[A-Z0-9]{1,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pair();

    /// <summary><c>btcusdt</c>, <c>BTCUSDT</c> and <c>BTC/USDT</c> all give <c>BTCUSDT</c>; anything else fails.</summary>
    public static bool TryNormalize(string? text, out string symbol)
    {
        string upper = (text ?? string.Empty).Trim().ToUpperInvariant();
        if (Pair().IsMatch(upper))
        {
            upper = upper.Replace("/", string.Empty, StringComparison.Ordinal);
        }

        if (Pattern().IsMatch(upper))
        {
            symbol = upper;
            return true;
        }

        symbol = string.Empty;
        return false;
    }
}
