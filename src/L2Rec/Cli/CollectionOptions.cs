using System.CommandLine;
using System.Text.RegularExpressions;
using L2Rec.Exchanges;

namespace L2Rec.Cli;

/// <summary>Options of the commands that look over a whole data directory (diagnose, merge).</summary>
public static partial class CollectionOptions
{
    public static readonly Option<DirectoryInfo> DataDir = new("--data-dir")
    {
        Description = "The directory of data files; its exchange folders ({data-dir}/{exchange}/) are looked into too.",
        DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("data", "l2_snapshots")),
        CustomParser = OptionValue.DirectoryPath("--data-dir", "a directory path"),
    };

    /// <summary>
    /// The symbol as its file-name token: the exchange's spelling without its separators, upper-case (<c>BTC/USD</c>,
    /// <c>BTC-USDT-SWAP</c>, <c>btcusdt</c> give <c>BTCUSD</c>, <c>BTCUSDTSWAP</c>, <c>BTCUSDT</c>).
    /// </summary>
    public static readonly Option<string?> Symbol = new("--symbol", "-s")
    {
        Description = "Only this symbol, as the exchange spells it (BTC/USD, BTCUSDT, BTC-USDT, BTC-USDT-SWAP) or as file names do (BTCUSD). Default: every symbol in the collection.",
        CustomParser = r =>
        {
            string text = OptionValue.Text(r);
            if (TryFileToken(text, out string token))
            {
                return token;
            }

            r.AddError(OptionValue.Invalid("--symbol", text, "a symbol as the exchange spells it (BTC/USD, BTCUSDT, BTC-USDT, BTC-USDT-SWAP) or its file-name form (BTCUSD)"));
            return null;
        },
    };

    /// <summary>An exchange name, lower-case; any well-formed name, since a collection may hold files of exchanges this build does not know.</summary>
    public static readonly Option<string?> Exchange = new("--exchange")
    {
        Description = $"Only this exchange's files ({string.Join(", ", ExchangeCatalog.Names)}, or any exchange the files name). Default: every exchange in the collection.",
        CustomParser = r =>
        {
            string text = OptionValue.Text(r);
            string name = text.Trim().ToLowerInvariant();
            if (ExchangeToken().IsMatch(name))
            {
                return name;
            }

            r.AddError(OptionValue.Invalid("--exchange", text, $"an exchange name such as {string.Join(", ", ExchangeCatalog.Names)} (letters, digits and '-')"));
            return null;
        },
    };

    /// <summary>
    /// A symbol's file-name token: letters and digits, plain (<c>BTCUSDT</c>), as <c>BASE/QUOTE</c>, or in parts joined
    /// by <c>-</c> (<c>BTC-USDT-SWAP</c>); separators dropped, upper-cased.
    /// </summary>
    public static bool TryFileToken(string? text, out string token)
    {
        string symbol = (text ?? string.Empty).Trim().ToUpperInvariant();
        token = symbol.Replace("/", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        return symbol.Length <= 40 && Spelling().IsMatch(symbol) && token.Length is >= 2 and <= 32;
    }

    [GeneratedRegex("^[A-Z0-9]+(?:/[A-Z0-9]+|(?:-[A-Z0-9]+)*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Spelling();

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ExchangeToken();
}
