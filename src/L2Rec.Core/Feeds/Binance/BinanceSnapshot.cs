using System.Text.Json;
using L2Rec.Books;

namespace L2Rec.Feeds.Binance;

/// <summary>A REST depth snapshot: <c>lastUpdateId</c> and the levels, best first (USD-M adds <c>E</c> and <c>T</c>).</summary>
internal sealed class BinanceSnapshot
{
    public long LastUpdateId { get; private set; }

    /// <summary><c>T</c> (USD-M), Unix ms; -1 on spot, whose snapshot carries no time.</summary>
    public long TransactionTime { get; private set; } = -1;

    public List<PriceLevel> Bids { get; } = [];

    public List<PriceLevel> Asks { get; } = [];

    /// <summary>Reads a snapshot body; false when it is not one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out BinanceSnapshot snapshot)
    {
        snapshot = new BinanceSnapshot();
        bool hasId = false;
        try
        {
            Utf8JsonReader reader = new(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("lastUpdateId"u8))
                {
                    if (!reader.Read() || !reader.TryGetInt64(out long id))
                    {
                        return false;
                    }

                    snapshot.LastUpdateId = id;
                    hasId = true;
                }
                else if (reader.ValueTextEquals("T"u8))
                {
                    if (!reader.Read() || !reader.TryGetInt64(out long time))
                    {
                        return false;
                    }

                    snapshot.TransactionTime = time;
                }
                else if (reader.ValueTextEquals("bids"u8) || reader.ValueTextEquals("asks"u8))
                {
                    List<PriceLevel> side = reader.ValueTextEquals("bids"u8) ? snapshot.Bids : snapshot.Asks;
                    if (!ReadLevels(ref reader, side))
                    {
                        return false;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return hasId;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private static bool ReadLevels(ref Utf8JsonReader reader, List<PriceLevel> side)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            if (!reader.Read() || !FixedDecimal.TryParse(reader.ValueSpan, out FixedDecimal price)
                || !reader.Read() || !FixedDecimal.TryParse(reader.ValueSpan, out FixedDecimal qty))
            {
                return false;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
            }

            side.Add(new PriceLevel(price, qty));
        }

        return reader.TokenType == JsonTokenType.EndArray;
    }
}
