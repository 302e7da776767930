using System.Text.RegularExpressions;

namespace L2Rec.Recording;

/// <summary>
/// A pair as the exchange's WebSocket API names it, <c>BASE/QUOTE</c>, stored upper-case. The rule also keeps file
/// names safe: nothing but letters and digits can reach a path.
/// </summary>
public static partial class SymbolName
{
    public const int MaxLength = 32;

    public const string AcceptedForm = "BASE/QUOTE, each side 1 to 15 letters or digits (e.g. BTC/USD)";

    [GeneratedRegex("^[A-Z0-9]{1,15}/[A-Z0-9]{1,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    // Any exchange's spelling: letters and digits, at most two separators, nothing that could reach a path.
    [GeneratedRegex("^[A-Z0-9]{1,20}([/-][A-Z0-9]{1,20}){0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex AnyExchange();

    /// <summary>True for text that could be a symbol on some exchange and is safe in a file name once its separators go.</summary>
    public static bool IsSafe(string symbol) => symbol.Length <= MaxLength && AnyExchange().IsMatch(symbol);

    public static bool TryNormalize(string? text, out string symbol)
    {
        symbol = (text ?? string.Empty).Trim().ToUpperInvariant();
        return symbol.Length is > 0 and <= MaxLength && Pattern().IsMatch(symbol);
    }

    /// <summary>The symbol as it appears in file names: without its separator (<c>BTCUSD</c>).</summary>
    public static string FileToken(string symbol) =>
        symbol.Replace("/", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
}
