using System.CommandLine.Parsing;
using L2Rec.Recording;

namespace L2Rec.Cli;

/// <summary>Reads <c>--symbol</c> given once, several times, or as a comma list; upper-cases and de-duplicates.</summary>
public static class SymbolListParser
{
    /// <summary>
    /// Symbols before the exchange is known: letters and digits with at most two separators (<c>BTC/USD</c>,
    /// <c>BTCUSDT</c>, <c>BTC-USDT-SWAP</c>), upper-cased and de-duplicated; the command then asks the exchange.
    /// </summary>
    public static string[] ParseAnyExchange(ArgumentResult result)
    {
        List<string> symbols = [];
        foreach (Token token in result.Tokens)
        {
            foreach (string part in token.Value.Split(','))
            {
                string symbol = part.Trim().ToUpperInvariant();
                if (!SymbolName.IsSafe(symbol))
                {
                    result.AddError(OptionValue.Invalid("--symbol", part, "an instrument as the exchange names it (BTC/USD, BTCUSDT, BTC-USDT), letters and digits; repeat the option or use a comma list for several"));
                    return [];
                }

                if (!symbols.Contains(symbol))
                {
                    symbols.Add(symbol);
                }
            }
        }

        if (symbols.Count == 0)
        {
            result.AddError("--symbol is required: give an instrument as the exchange names it (BTC/USD, BTCUSDT).");
        }

        return [.. symbols];
    }
}
