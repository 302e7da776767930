using System.Text;

namespace L2Rec.Tests.Feeds.Binance;

/// <summary>Binance messages of our own making, shaped as the exchange sends them (combined-stream wrapper).</summary>
internal static class BinanceFrames
{
    public static string SpotDepth(string symbol, long first, long last, long time, string[][] bids, string[][] asks) =>
        $$$"""{"stream":"{{{symbol.ToLowerInvariant()}}}@depth@100ms","data":{"e":"depthUpdate","E":{{{time}}},"s":"{{{symbol}}}","U":{{{first}}},"u":{{{last}}},"b":{{{Levels(bids)}}},"a":{{{Levels(asks)}}}}}""";

    public static string UsdMDepth(string symbol, long first, long last, long previous, long time, string[][] bids, string[][] asks) =>
        $$$"""{"stream":"{{{symbol.ToLowerInvariant()}}}@depth@100ms","data":{"e":"depthUpdate","E":{{{time + 1}}},"T":{{{time}}},"s":"{{{symbol}}}","U":{{{first}}},"u":{{{last}}},"pu":{{{previous}}},"b":{{{Levels(bids)}}},"a":{{{Levels(asks)}}}}}""";

    public static string SpotTicker(string symbol, long id, string bid, string bidQty, string ask, string askQty) =>
        $$$"""{"stream":"{{{symbol.ToLowerInvariant()}}}@bookTicker","data":{"u":{{{id}}},"s":"{{{symbol}}}","b":"{{{bid}}}","B":"{{{bidQty}}}","a":"{{{ask}}}","A":"{{{askQty}}}"}}""";

    public static string Snapshot(long lastUpdateId, string[][] bids, string[][] asks) =>
        $$"""{"lastUpdateId":{{lastUpdateId}},"bids":{{Levels(bids)}},"asks":{{Levels(asks)}}}""";

    public static string ExchangeInfo(params (string Symbol, string Status, string Tick, string Step)[] symbols) =>
        "{\"timezone\":\"UTC\",\"rateLimits\":[],\"symbols\":[" + string.Join(',', symbols.Select(s =>
            $$"""{"symbol":"{{s.Symbol}}","status":"{{s.Status}}","baseAsset":"X","filters":[{"filterType":"PRICE_FILTER","minPrice":"0.01000000","maxPrice":"1000000.00000000","tickSize":"{{s.Tick}}"},{"filterType":"LOT_SIZE","minQty":"0.00001000","maxQty":"9000.00000000","stepSize":"{{s.Step}}"}]}""")) + "]}";

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string[][] L(params string[] pairs) => [.. pairs.Select(p => p.Split('@'))];

    private static string Levels(string[][] levels) => "[" + string.Join(',', levels.Select(l => $"[\"{l[0]}\",\"{l[1]}\"]")) + "]";
}
