using System.CommandLine.Parsing;
using L2Rec.Recording;

namespace L2Rec.Cli;

/// <summary>Reads <c>--symbol</c> given once, several times, or as a comma list; upper-cases and de-duplicates.</summary>
public static class SymbolListParser
{
    public static string[] Parse(ArgumentResult result)
    {
        List<string> symbols = [];
        foreach (Token token in result.Tokens)
        {
            foreach (string part in token.Value.Split(','))
            {
                if (!SymbolName.TryNormalize(part, out string symbol))
                {
                    result.AddError(OptionValue.Invalid("--symbol", part, $"{SymbolName.AcceptedForm}; repeat the option or use a comma list for several"));
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
            result.AddError($"--symbol is required: give {SymbolName.AcceptedForm}.");
        }

        return [.. symbols];
    }
}
