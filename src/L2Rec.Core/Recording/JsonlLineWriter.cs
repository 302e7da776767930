using System.Buffers;
using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using L2Rec.Books;
using L2Rec.Feeds;
using L2Rec.Time;

namespace L2Rec.Recording;

/// <summary>
/// Formats the lines of the JSONL format (session start/end, book, gap) straight into UTF-8 with a reused
/// <see cref="Utf8JsonWriter"/>. Prices and quantities are written as the exchange's decimal text at the pair's
/// precision; nothing passes through a binary floating point number. Not thread-safe: one per file.
/// </summary>
public sealed class JsonlLineWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    // A level at most: "[" price "," qty "]" and the comma before it.
    private const int LevelLength = (2 * FixedDecimal.MaxFormattedLength) + 4;

    // Everything but the strings and levels: keys, two times, a checksum, brackets (158 bytes), rounded up.
    private const int HeaderLength = 200;

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;
    private readonly EncodedText _exchangeText = new();
    private readonly EncodedText _symbolText = new();
    private byte[] _line = new byte[4096];

    public JsonlLineWriter() => _json = new Utf8JsonWriter(_buffer, Options);

    public ReadOnlySpan<byte> SessionStart(SessionStartLine start)
    {
        Begin();
        _json.WriteString("type"u8, "session"u8);
        _json.WriteString("event"u8, "start"u8);
        _json.WriteString("exchange"u8, start.Exchange);
        _json.WriteString("symbol"u8, start.Symbol);
        _json.WriteNumber("depth"u8, start.Depth);
        _json.WriteNumber("interval_ms"u8, (long)start.Interval.TotalMilliseconds);
        if (start.PricePrecision >= 0 && start.QtyPrecision >= 0)
        {
            _json.WriteNumber("price_precision"u8, start.PricePrecision);
            _json.WriteNumber("qty_precision"u8, start.QtyPrecision);
        }

        _json.WriteStartArray("proof"u8);
        foreach (string evidence in start.Proof)
        {
            _json.WriteStringValue(evidence);
        }

        _json.WriteEndArray();

        _json.WriteBoolean("resumed"u8, start.Resumed);
        if (start.Continues)
        {
            // The previous UTC day's file ended with reason "midnight": one session, no gap.
            _json.WriteBoolean("continues"u8, true);
        }

        _json.WriteString("recorder"u8, start.Recorder);
        _json.WriteNumber("pid"u8, start.Pid);
        WriteTime("time"u8, start.Time);
        return End();
    }

    public ReadOnlySpan<byte> SessionEnd(string reason, DateTimeOffset time, long snapshots)
    {
        Begin();
        _json.WriteString("type"u8, "session"u8);
        _json.WriteString("event"u8, "end"u8);
        _json.WriteString("reason"u8, reason);
        WriteTime("time"u8, time);
        _json.WriteNumber("snapshots"u8, snapshots);
        return End();
    }

    public ReadOnlySpan<byte> Gap(OutageReason reason, DateTimeOffset from, DateTimeOffset to, string detail)
    {
        Begin();
        _json.WriteString("type"u8, "gap"u8);
        _json.WriteString("reason"u8, ReasonText(reason));
        WriteTime("from"u8, from);
        WriteTime("to"u8, to);
        _json.WriteString("detail"u8, detail);
        return End();
    }

    /// <summary>
    /// A book line from a verified book; the caller holds <see cref="LiveBook.Sync"/>. Written byte by byte rather
    /// than through <see cref="Utf8JsonWriter"/>: with <c>--interval 0</c> this runs for every message, and the
    /// writer's per-token bookkeeping cost more than the formatting. The bytes are the same as the writer's.
    /// </summary>
    public ReadOnlySpan<byte> Book(string exchange, LiveBook live, DateTimeOffset received)
    {
        ReadOnlySpan<PriceLevel> bids = live.WritableBids;
        ReadOnlySpan<PriceLevel> asks = live.WritableAsks;
        ReadOnlySpan<byte> exchangeText = _exchangeText.For(exchange);
        ReadOnlySpan<byte> symbolText = _symbolText.For(live.Symbol);
        int longest = HeaderLength + exchangeText.Length + symbolText.Length + ((bids.Length + asks.Length) * LevelLength);
        if (_line.Length < longest)
        {
            _line = new byte[Math.Max(longest, _line.Length * 2)];
        }

        Span<byte> line = _line;
        int pos = Put(line, 0, "{\"type\":\"book\",\"exchange\":\""u8);
        pos = Put(line, pos, exchangeText);
        pos = Put(line, pos, "\",\"symbol\":\""u8);
        pos = Put(line, pos, symbolText);
        pos = Put(line, pos, "\",\"time\":\""u8);
        pos += IsoTime.Format(live.ExchangeTime, line[pos..]);
        pos = Put(line, pos, "\",\"recv\":\""u8);
        pos += IsoTime.Format(received, line[pos..]);
        pos = Put(line, pos, "\",\"bids\":"u8);
        pos = PutSide(line, pos, bids, live);
        pos = Put(line, pos, ",\"asks\":"u8);
        pos = PutSide(line, pos, asks, live);
        if (live.HasChecksum)
        {
            pos = Put(line, pos, ",\"checksum\":"u8);
            _ = Utf8Formatter.TryFormat(live.Checksum, line[pos..], out int written);
            pos += written;
        }

        if (live.HasSequence)
        {
            pos = Put(line, pos, ",\"seq\":"u8);
            _ = Utf8Formatter.TryFormat(live.Sequence, line[pos..], out int written);
            pos += written;
        }

        pos = Put(line, pos, "}\n"u8);
        return line[..pos];
    }

    public static string ReasonText(OutageReason reason) => reason switch
    {
        OutageReason.Disconnect => "disconnect",
        OutageReason.Stale => "stale",
        OutageReason.Checksum => "checksum",
        OutageReason.Sequence => "sequence",
        _ => "error",
    };

    private static int PutSide(Span<byte> line, int pos, ReadOnlySpan<PriceLevel> levels, LiveBook live)
    {
        int priceScale = Math.Max(live.PricePrecision, 0);
        int qtyScale = Math.Max(live.QtyPrecision, 0);
        line[pos++] = (byte)'[';
        for (int i = 0; i < levels.Length; i++)
        {
            if (i > 0)
            {
                line[pos++] = (byte)',';
            }

            line[pos++] = (byte)'[';
            _ = levels[i].Price.TryFormat(line[pos..], priceScale, out int written);
            pos += written;
            line[pos++] = (byte)',';
            _ = levels[i].Qty.TryFormat(line[pos..], qtyScale, out written);
            pos += written;
            line[pos++] = (byte)']';
        }

        line[pos++] = (byte)']';
        return pos;
    }

    private static int Put(Span<byte> line, int pos, ReadOnlySpan<byte> text)
    {
        text.CopyTo(line[pos..]);
        return pos + text.Length;
    }

    private void WriteTime(ReadOnlySpan<byte> name, DateTimeOffset time)
    {
        Span<byte> text = stackalloc byte[IsoTime.Length];
        int written = IsoTime.Format(time, text);
        _json.WriteString(name, text[..written]);
    }

    private void Begin()
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
    }

    private ReadOnlySpan<byte> End()
    {
        _json.WriteEndObject();
        _json.Flush();
        _buffer.Write("\n"u8);
        return _buffer.WrittenSpan;
    }

    /// <summary>A string's JSON text (escaped as the writer would, without quotes), kept for the last string seen.</summary>
    private sealed class EncodedText
    {
        private string? _source;
        private byte[] _text = [];

        public ReadOnlySpan<byte> For(string value)
        {
            if (!ReferenceEquals(value, _source))
            {
                _text = JsonEncodedText.Encode(value, Options.Encoder).EncodedUtf8Bytes.ToArray();
                _source = value;
            }

            return _text;
        }
    }
}
