using System.Text;
using System.Text.Json;
using L2Rec.Books;
using L2Rec.Time;

namespace L2Rec.Feeds.Kraken;

/// <summary>
/// Reads Kraken v2 frames with <see cref="Utf8JsonReader"/> into a reused <see cref="KrakenFrame"/>. Keys are matched
/// by name in any order; numbers keep their wire text; book frames for the known symbols allocate nothing.
/// </summary>
public sealed class KrakenFrameParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    private readonly byte[][] _symbols;
    private readonly string[] _symbolNames;

    public KrakenFrameParser(IReadOnlyList<string> symbols)
    {
        _symbolNames = [.. symbols];
        _symbols = [.. symbols.Select(Encoding.UTF8.GetBytes)];
    }

    /// <summary>Fills <paramref name="frame"/>; false when the text is not a JSON object this parser can read.</summary>
    public bool TryParse(ReadOnlySpan<byte> json, KrakenFrame frame)
    {
        frame.Reset();
        if (TryParseCanonicalBook(json, frame))
        {
            return true;
        }

        frame.Reset();
        try
        {
            return Parse(json, frame);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            // Utf8JsonReader throws these for a token of the wrong type or range (a string or -5 where a uint belongs).
            return false;
        }
    }

    /// <summary>
    /// The fast path for the frame that is almost all of the traffic: one book element with its keys in Kraken's
    /// order (<c>channel, type, data[{symbol, bids, asks, checksum, timestamp?}]</c>) and plain numbers. Anything else
    /// returns false and <see cref="Parse"/> reads it.
    /// </summary>
    private bool TryParseCanonicalBook(ReadOnlySpan<byte> json, KrakenFrame frame)
    {
        int pos = 0;
        if (!CanonicalJson.Literal(json, ref pos, "{\"channel\":\"book\",\"type\":\""u8))
        {
            return false;
        }

        KrakenFrameKind kind;
        if (CanonicalJson.Literal(json, ref pos, "update\""u8))
        {
            kind = KrakenFrameKind.BookUpdate;
        }
        else if (CanonicalJson.Literal(json, ref pos, "snapshot\""u8))
        {
            kind = KrakenFrameKind.BookSnapshot;
        }
        else
        {
            return false;
        }

        if (!CanonicalJson.Literal(json, ref pos, ",\"data\":[{\"symbol\":"u8) || !CanonicalJson.PlainString(json, ref pos, out ReadOnlySpan<byte> symbol))
        {
            return false;
        }

        KrakenBookEntry entry = frame.NextEntry();
        entry.SymbolIndex = -1;
        for (int i = 0; i < _symbols.Length; i++)
        {
            if (symbol.SequenceEqual(_symbols[i]))
            {
                entry.SymbolIndex = i;
                break;
            }
        }

        if (!CanonicalJson.Literal(json, ref pos, ",\"bids\":"u8) || !CanonicalLevels(json, ref pos, entry, bids: true) ||
            !CanonicalJson.Literal(json, ref pos, ",\"asks\":"u8) || !CanonicalLevels(json, ref pos, entry, bids: false) ||
            !CanonicalJson.Literal(json, ref pos, ",\"checksum\":"u8) || !CanonicalJson.UInt32(json, ref pos, out uint checksum))
        {
            return false;
        }

        DateTimeOffset? timestamp = null;
        if (CanonicalJson.Literal(json, ref pos, ",\"timestamp\":"u8))
        {
            if (!CanonicalJson.PlainString(json, ref pos, out ReadOnlySpan<byte> text))
            {
                return false;
            }

            timestamp = IsoTime.TryParse(text, out DateTimeOffset time) ? time : null;
        }

        if (!CanonicalJson.Literal(json, ref pos, "}]}"u8) || pos != json.Length)
        {
            return false;
        }

        entry.Checksum = checksum;
        entry.HasChecksum = true;
        entry.Timestamp = timestamp;
        frame.Kind = kind;
        return true;
    }

    private static bool CanonicalLevels(ReadOnlySpan<byte> json, ref int pos, KrakenBookEntry entry, bool bids)
    {
        if (!CanonicalJson.Literal(json, ref pos, "["u8))
        {
            return false;
        }

        if (CanonicalJson.Literal(json, ref pos, "]"u8))
        {
            return true;
        }

        while (true)
        {
            if (!CanonicalJson.Literal(json, ref pos, "{\"price\":"u8) || !CanonicalJson.Number(json, ref pos, out FixedDecimal price) ||
                !CanonicalJson.Literal(json, ref pos, ",\"qty\":"u8) || !CanonicalJson.Number(json, ref pos, out FixedDecimal qty) ||
                !CanonicalJson.Literal(json, ref pos, "}"u8) || !price.IsPositive)
            {
                return false;
            }

            if (bids)
            {
                entry.AddBid(new PriceLevel(price, qty));
            }
            else
            {
                entry.AddAsk(new PriceLevel(price, qty));
            }

            if (CanonicalJson.Literal(json, ref pos, "]"u8))
            {
                return true;
            }

            if (!CanonicalJson.Literal(json, ref pos, ","u8))
            {
                return false;
            }
        }
    }

    private bool Parse(ReadOnlySpan<byte> json, KrakenFrame frame)
    {
        Utf8JsonReader reader = new(json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        bool isBook = false;
        bool isSnapshot = false;
        bool isUpdate = false;
        bool dataIsObject = false;
        string? channel = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("channel"u8))
            {
                reader.Read();
                isBook = reader.ValueTextEquals("book"u8);
                channel = isBook ? "book" : reader.GetString();
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                isSnapshot = reader.ValueTextEquals("snapshot"u8);
                isUpdate = reader.ValueTextEquals("update"u8);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadDataArray(ref reader, frame);
                }
                else if (reader.TokenType == JsonTokenType.StartObject)
                {
                    dataIsObject = true;
                    ReadInstrumentData(ref reader, frame);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("method"u8))
            {
                reader.Read();
                frame.Method = reader.GetString();
            }
            else if (reader.ValueTextEquals("success"u8))
            {
                reader.Read();
                frame.Success = reader.GetBoolean();
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                frame.Error = reader.TokenType == JsonTokenType.String ? reader.GetString() : "error";
                if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("symbol"u8))
            {
                reader.Read();
                frame.ResponseSymbol = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("req_id"u8))
            {
                reader.Read();
                frame.RequestId = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long id) ? id : -1;
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                ReadResult(ref reader, frame);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            // Trailing tokens after the object: not one well-formed frame.
            return false;
        }

        frame.Kind = Classify(frame, channel, isBook, isSnapshot, isUpdate, dataIsObject);
        frame.IsInstrumentSnapshot = frame.Kind == KrakenFrameKind.Instrument && isSnapshot;
        return true;
    }

    private static KrakenFrameKind Classify(KrakenFrame frame, string? channel, bool isBook, bool isSnapshot, bool isUpdate, bool dataIsObject)
    {
        if (frame.Method is not null || frame.Success is not null || frame.Error is not null)
        {
            return KrakenFrameKind.MethodResponse;
        }

        if (isBook)
        {
            return isSnapshot ? KrakenFrameKind.BookSnapshot : isUpdate ? KrakenFrameKind.BookUpdate : KrakenFrameKind.Unknown;
        }

        return channel switch
        {
            "heartbeat" => KrakenFrameKind.Heartbeat,
            "status" => KrakenFrameKind.Status,
            "instrument" when dataIsObject => KrakenFrameKind.Instrument,
            _ => KrakenFrameKind.Unknown,
        };
    }

    private void ReadDataArray(ref Utf8JsonReader reader, KrakenFrame frame)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            KrakenBookEntry entry = frame.NextEntry();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("symbol"u8))
                {
                    reader.Read();
                    entry.SymbolIndex = FindSymbol(ref reader);
                }
                else if (reader.ValueTextEquals("bids"u8))
                {
                    reader.Read();
                    ReadLevels(ref reader, entry, bids: true);
                }
                else if (reader.ValueTextEquals("asks"u8))
                {
                    reader.Read();
                    ReadLevels(ref reader, entry, bids: false);
                }
                else if (reader.ValueTextEquals("checksum"u8))
                {
                    reader.Read();
                    entry.Checksum = reader.GetUInt32();
                    entry.HasChecksum = true;
                }
                else if (reader.ValueTextEquals("timestamp"u8))
                {
                    reader.Read();
                    entry.Timestamp = IsoTime.TryParse(reader.ValueSpan, out DateTimeOffset time) ? time : null;
                }
                else if (reader.ValueTextEquals("system"u8))
                {
                    reader.Read();
                    frame.SystemStatus = reader.GetString();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private int FindSymbol(ref Utf8JsonReader reader)
    {
        for (int i = 0; i < _symbols.Length; i++)
        {
            if (reader.ValueTextEquals(_symbols[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static void ReadLevels(ref Utf8JsonReader reader, KrakenBookEntry entry, bool bids)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("levels must be an array");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("a level must be an object");
            }

            FixedDecimal price = default;
            FixedDecimal qty = default;
            bool hasPrice = false;
            bool hasQty = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("price"u8))
                {
                    reader.Read();
                    hasPrice = ReadNumber(ref reader, out price);
                }
                else if (reader.ValueTextEquals("qty"u8))
                {
                    reader.Read();
                    hasQty = ReadNumber(ref reader, out qty);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (!hasPrice || !hasQty || !price.IsPositive || qty.Units < 0)
            {
                throw new JsonException("a level needs a positive price and a non-negative qty");
            }

            PriceLevel level = new(price, qty);
            if (bids)
            {
                entry.AddBid(level);
            }
            else
            {
                entry.AddAsk(level);
            }
        }
    }

    private static bool ReadNumber(ref Utf8JsonReader reader, out FixedDecimal value)
    {
        value = default;
        return reader.TokenType is JsonTokenType.Number or JsonTokenType.String && !reader.ValueIsEscaped &&
               FixedDecimal.TryParse(reader.ValueSpan, out value);
    }

    private static void ReadResult(ref Utf8JsonReader reader, KrakenFrame frame)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("symbol"u8))
            {
                reader.Read();
                frame.ResponseSymbol = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("channel"u8))
            {
                reader.Read();
                frame.ResponseChannel = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadInstrumentData(ref Utf8JsonReader reader, KrakenFrame frame)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("pairs"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                string? symbol = null;
                string? status = null;
                int pricePrecision = -1;
                int qtyPrecision = -1;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("symbol"u8))
                    {
                        reader.Read();
                        symbol = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("status"u8))
                    {
                        reader.Read();
                        status = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else if (reader.ValueTextEquals("price_precision"u8))
                    {
                        reader.Read();
                        pricePrecision = reader.TryGetInt32(out int p) ? p : -1;
                    }
                    else if (reader.ValueTextEquals("qty_precision"u8))
                    {
                        reader.Read();
                        qtyPrecision = reader.TryGetInt32(out int q) ? q : -1;
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                if (symbol is not null)
                {
                    // A pair is listed whatever its precisions say; unusable precisions are just not applied.
                    bool usable = pricePrecision is >= 0 and <= FixedDecimal.MaxScale && qtyPrecision is >= 0 and <= FixedDecimal.MaxScale;
                    frame.Instruments.Add(usable
                        ? new KrakenInstrument(symbol, pricePrecision, qtyPrecision, status)
                        : new KrakenInstrument(symbol, -1, -1, status));
                }
            }
        }
    }

    /// <summary>The symbol name for an index from <see cref="KrakenBookEntry.SymbolIndex"/>.</summary>
    public string SymbolName(int index) => _symbolNames[index];
}
