using System.Buffers;
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

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;

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

    /// <summary>A book line from a verified book; the caller holds <see cref="LiveBook.Sync"/>.</summary>
    public ReadOnlySpan<byte> Book(string exchange, LiveBook live, DateTimeOffset received)
    {
        Begin();
        _json.WriteString("type"u8, "book"u8);
        _json.WriteString("exchange"u8, exchange);
        _json.WriteString("symbol"u8, live.Symbol);
        WriteTime("time"u8, live.ExchangeTime);
        WriteTime("recv"u8, received);
        WriteSide("bids"u8, live.Book.Bids.Levels, live);
        WriteSide("asks"u8, live.Book.Asks.Levels, live);
        _json.WriteNumber("checksum"u8, live.Checksum);
        return End();
    }

    public static string ReasonText(OutageReason reason) => reason switch
    {
        OutageReason.Disconnect => "disconnect",
        OutageReason.Stale => "stale",
        OutageReason.Checksum => "checksum",
        _ => "error",
    };

    private void WriteSide(ReadOnlySpan<byte> name, ReadOnlySpan<PriceLevel> levels, LiveBook live)
    {
        _json.WriteStartArray(name);
        Span<byte> text = stackalloc byte[FixedDecimal.MaxFormattedLength];
        foreach (PriceLevel level in levels)
        {
            _json.WriteStartArray();
            WriteNumber(level.Price.PadTo(Math.Max(live.PricePrecision, 0)), text);
            WriteNumber(level.Qty.PadTo(Math.Max(live.QtyPrecision, 0)), text);
            _json.WriteEndArray();
        }

        _json.WriteEndArray();
    }

    private void WriteNumber(FixedDecimal value, Span<byte> scratch)
    {
        _ = value.TryFormat(scratch, out int written);
        _json.WriteRawValue(scratch[..written], skipInputValidation: true);
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
}
