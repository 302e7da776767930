using System.Text.Json;
using L2Rec.Books;

namespace L2Rec.Feeds.Binance;

/// <summary>One symbol of <c>exchangeInfo</c>: its status and the precisions its tick and step sizes give.</summary>
internal sealed record BinanceInstrument(string Symbol, string Status, int PricePrecision, int QtyPrecision)
{
    public bool IsTrading => Status == "TRADING";

    /// <summary>Reads the <c>symbols</c> of an <c>exchangeInfo</c> body (spot or USD-M); null when it is not one.</summary>
    public static Dictionary<string, BinanceInstrument>? ParseExchangeInfo(ReadOnlySpan<byte> json)
    {
        try
        {
            Utf8JsonReader reader = new(json);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("symbols", out JsonElement symbols)
                || symbols.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            Dictionary<string, BinanceInstrument> result = new(StringComparer.Ordinal);
            foreach (JsonElement item in symbols.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("symbol", out JsonElement name) || name.GetString() is not { } symbol)
                {
                    continue;
                }

                // USD-M has named its status "contractStatus" too; spot and today's USD-M say "status".
                string status = item.TryGetProperty("status", out JsonElement s) ? s.GetString() ?? string.Empty
                    : item.TryGetProperty("contractStatus", out JsonElement c) ? c.GetString() ?? string.Empty
                    : string.Empty;
                int price = -1;
                int qty = -1;
                if (item.TryGetProperty("filters", out JsonElement filters) && filters.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement filter in filters.EnumerateArray())
                    {
                        string? type = filter.TryGetProperty("filterType", out JsonElement t) ? t.GetString() : null;
                        if (type == "PRICE_FILTER" && filter.TryGetProperty("tickSize", out JsonElement tick))
                        {
                            price = PrecisionOf(tick.GetString());
                        }
                        else if (type == "LOT_SIZE" && filter.TryGetProperty("stepSize", out JsonElement step))
                        {
                            qty = PrecisionOf(step.GetString());
                        }
                    }
                }

                price = price >= 0 ? price : IntOr(item, "pricePrecision");
                qty = qty >= 0 ? qty : IntOr(item, "quantityPrecision");
                result[symbol] = new BinanceInstrument(symbol, status, price, qty);
            }

            return result;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Digits after the point of the tick with its trailing zeros trimmed: <c>0.01000000</c> gives 2, <c>1.00</c> 0.</summary>
    public static int PrecisionOf(string? tick)
    {
        if (tick is null || !FixedDecimal.TryParse(System.Text.Encoding.ASCII.GetBytes(tick), out FixedDecimal value) || !value.IsPositive)
        {
            return -1;
        }

        long units = value.Units;
        int scale = value.Scale;
        while (scale > 0 && units % 10 == 0)
        {
            units /= 10;
            scale--;
        }

        return scale;
    }

    private static int IntOr(JsonElement item, string name) =>
        item.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) ? n : -1;
}
