using System.Globalization;

namespace L2Rec.Recording;

/// <summary><c>l2_{SYMBOL}_{yyyyMMdd}.jsonl</c>, the date being the UTC date of the data inside.</summary>
public static class SessionFileName
{
    public static string For(string symbol, DateOnly utcDate) =>
        $"l2_{SymbolName.FileToken(symbol)}_{utcDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.jsonl";

    public static DateOnly UtcDateOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);
}
