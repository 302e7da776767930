using System.CommandLine;
using System.Text.RegularExpressions;
using L2Rec.Recording;

namespace L2Rec.Cli;

/// <summary>Options of the commands that look over a whole data directory (diagnose, merge).</summary>
public static partial class CollectionOptions
{
    public static readonly Option<DirectoryInfo> DataDir = new("--data-dir")
    {
        Description = "The directory of data files.",
        DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("data", "l2_snapshots")),
        CustomParser = OptionValue.DirectoryPath("--data-dir", "a directory path"),
    };

    /// <summary>The symbol as its file-name token (<c>BTC/USD</c> and <c>BTCUSD</c> both give <c>BTCUSD</c>).</summary>
    public static readonly Option<string?> Symbol = new("--symbol", "-s")
    {
        Description = "Only this symbol (BTC/USD or BTCUSD). Default: every symbol in the directory.",
        CustomParser = r =>
        {
            string text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
            if (SymbolName.TryNormalize(text, out string symbol))
            {
                return SymbolName.FileToken(symbol);
            }

            string token = text.Trim().ToUpperInvariant();
            if (Token().IsMatch(token))
            {
                return token;
            }

            r.AddError(OptionValue.Invalid("--symbol", text, $"{SymbolName.AcceptedForm}, or its file-name form (BTCUSD)"));
            return null;
        },
    };

    [GeneratedRegex("^[A-Z0-9]{2,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
