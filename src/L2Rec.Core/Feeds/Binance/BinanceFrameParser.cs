using System.Text.Json;
using L2Rec.Books;

namespace L2Rec.Feeds.Binance;

/// <summary>
/// Reads Binance stream frames (the combined form <c>{"stream":…,"data":{…}}</c>, bare events, control answers and
/// errors) into a reused <see cref="BinanceFrame"/>, keys in any order, with <see cref="Utf8JsonReader"/> and no
/// allocation: prices and quantities stay exact wire digits (<see cref="FixedDecimal"/>), symbols are looked up
/// without building strings.
/// </summary>
internal sealed class BinanceFrameParser
{
    private const int MaxSymbolLength = 32;

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _symbols;

    public BinanceFrameParser(IReadOnlyList<string> symbols)
    {
        Dictionary<string, int> bySymbol = new(StringComparer.Ordinal);
        for (int i = 0; i < symbols.Count; i++)
        {
            bySymbol[symbols[i]] = i;
        }

        _symbols = bySymbol.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>False when the frame is not JSON or a field has the wrong shape (the connection is then given up).</summary>
    public bool TryParse(ReadOnlySpan<byte> json, BinanceFrame frame)
    {
        frame.Reset();
        try
        {
            Utf8JsonReader reader = new(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            Fields fields = default;
            if (!ReadObject(ref reader, frame, ref fields))
            {
                return false;
            }

            frame.Kind = Classify(in fields);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static BinanceFrameKind Classify(in Fields fields)
    {
        if (fields.Event == EventType.Depth || (fields.Event == EventType.None && fields.HasFirstId && fields.HasLastId && fields.HasLevels))
        {
            return fields.HasFirstId && fields.HasLastId ? BinanceFrameKind.Depth : BinanceFrameKind.Other;
        }

        if (fields.Event == EventType.BookTicker || (fields.Event == EventType.None && fields.HasTicker && fields.HasLastId))
        {
            return fields.HasTicker && fields.HasLastId ? BinanceFrameKind.BookTicker : BinanceFrameKind.Other;
        }

        if (fields.Event == EventType.ServerShutdown)
        {
            return BinanceFrameKind.ServerShutdown;
        }

        if (fields.HasCode && !fields.HasResult)
        {
            return BinanceFrameKind.Error;
        }

        return fields.HasResult ? BinanceFrameKind.Response : BinanceFrameKind.Other;
    }

    // Reads one object's properties; "data" (the combined-stream wrapper) is read into the same frame.
    private bool ReadObject(ref Utf8JsonReader reader, BinanceFrame frame, ref Fields fields)
    {
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return true;
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                return false;
            }

            if (reader.ValueTextEquals("data"u8))
            {
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    if (!ReadObject(ref reader, frame, ref fields))
                    {
                        return false;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("e"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                fields.Event = reader.ValueTextEquals("depthUpdate"u8) ? EventType.Depth
                    : reader.ValueTextEquals("bookTicker"u8) ? EventType.BookTicker
                    : reader.ValueTextEquals("serverShutdown"u8) ? EventType.ServerShutdown
                    : EventType.OtherEvent;
            }
            else if (reader.ValueTextEquals("E"u8))
            {
                if (!ReadInt64(ref reader, out long value))
                {
                    return false;
                }

                frame.EventTime = value;
            }
            else if (reader.ValueTextEquals("T"u8))
            {
                if (!ReadInt64(ref reader, out long value))
                {
                    return false;
                }

                frame.TransactionTime = value;
            }
            else if (reader.ValueTextEquals("U"u8))
            {
                if (!ReadInt64(ref reader, out long value))
                {
                    return false;
                }

                frame.FirstId = value;
                fields.HasFirstId = true;
            }
            else if (reader.ValueTextEquals("u"u8))
            {
                if (!ReadInt64(ref reader, out long value))
                {
                    return false;
                }

                frame.LastId = value;
                fields.HasLastId = true;
            }
            else if (reader.ValueTextEquals("pu"u8))
            {
                if (!ReadInt64(ref reader, out long value))
                {
                    return false;
                }

                frame.PreviousId = value;
            }
            else if (reader.ValueTextEquals("s"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                frame.SymbolIndex = LookUp(reader.ValueSpan);
            }
            else if (reader.ValueTextEquals("b"u8))
            {
                if (!ReadSide(ref reader, frame, bids: true, ref fields))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("a"u8))
            {
                if (!ReadSide(ref reader, frame, bids: false, ref fields))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("B"u8))
            {
                if (!ReadDecimal(ref reader, out FixedDecimal value))
                {
                    return false;
                }

                frame.BestBidQty = value;
            }
            else if (reader.ValueTextEquals("A"u8))
            {
                if (!ReadDecimal(ref reader, out FixedDecimal value))
                {
                    return false;
                }

                frame.BestAskQty = value;
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                fields.HasResult = true;
                if (!reader.Read())
                {
                    return false;
                }

                reader.Skip();
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                if (!reader.Read())
                {
                    return false;
                }

                fields.HasCode = true;
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long code))
                {
                    frame.Code = code;
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("msg"u8))
            {
                if (!reader.Read())
                {
                    return false;
                }

                frame.Message = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else
            {
                if (!reader.Read())
                {
                    return false;
                }

                reader.Skip();
            }
        }

        return false;
    }

    // "b"/"a": a list of [price, qty] pairs in a depth event, a single price string in a bookTicker.
    private static bool ReadSide(ref Utf8JsonReader reader, BinanceFrame frame, bool bids, ref Fields fields)
    {
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
        {
            if (!FixedDecimal.TryParse(reader.ValueSpan, out FixedDecimal price))
            {
                return false;
            }

            fields.HasTicker = true;
            if (bids)
            {
                frame.BestBid = price;
            }
            else
            {
                frame.BestAsk = price;
            }

            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        fields.HasLevels = true;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return true;
            }

            if (reader.TokenType != JsonTokenType.StartArray
                || !ReadDecimal(ref reader, out FixedDecimal price)
                || !ReadDecimal(ref reader, out FixedDecimal qty)
                || price.Units < 0
                || qty.Units < 0)
            {
                return false;
            }

            // Anything after the pair (none today) is skipped.
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
            }

            if (bids)
            {
                frame.AddBid(new PriceLevel(price, qty));
            }
            else
            {
                frame.AddAsk(new PriceLevel(price, qty));
            }
        }

        return false;
    }

    private static bool ReadDecimal(ref Utf8JsonReader reader, out FixedDecimal value)
    {
        value = default;
        return reader.Read()
            && reader.TokenType is JsonTokenType.String or JsonTokenType.Number
            && !reader.ValueIsEscaped
            && FixedDecimal.TryParse(reader.ValueSpan, out value);
    }

    private static bool ReadInt64(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value);
    }

    private int LookUp(ReadOnlySpan<byte> name)
    {
        if (name.Length > MaxSymbolLength)
        {
            return -1;
        }

        Span<char> chars = stackalloc char[MaxSymbolLength];
        for (int i = 0; i < name.Length; i++)
        {
            byte c = name[i];
            chars[i] = (char)(c is >= (byte)'a' and <= (byte)'z' ? c - 32 : c);
        }

        return _symbols.TryGetValue(chars[..name.Length], out int index) ? index : -1;
    }

    private enum EventType
    {
        None,
        Depth,
        BookTicker,
        ServerShutdown,
        OtherEvent,
    }

    private struct Fields
    {
        public EventType Event;
        public bool HasFirstId;
        public bool HasLastId;
        public bool HasLevels;
        public bool HasTicker;
        public bool HasResult;
        public bool HasCode;
    }
}
