using System.Buffers.Text;
using System.Text;
using L2Rec.Time;

namespace L2Rec.Analysis;

/// <summary>
/// Finds a line's time without parsing the whole line, for collection-wide scans: a book's <c>recv</c>, a legacy
/// ccxt book's <c>timestamp</c> (milliseconds), a session line's <c>time</c>, a gap's <c>from</c>/<c>to</c>.
/// </summary>
public static class LineTime
{
    /// <summary>The time of a snapshot line (this format's book or a ccxt-shaped book); false for any other line.</summary>
    public static bool TrySnapshot(ReadOnlySpan<byte> line, out DateTimeOffset time)
    {
        time = default;
        if (line.IndexOf("\"type\":\"book\""u8) >= 0)
        {
            return TryString(line, "\"recv\":\""u8, out time);
        }

        if (line.IndexOf("\"type\":"u8) < 0 && line.IndexOf("\"bids\""u8) >= 0)
        {
            return TryMilliseconds(line, out time);
        }

        return false;
    }

    /// <summary>The time a line belongs at in a time-ordered file, for any line kind l2rec or ccxt writes.</summary>
    public static bool TryAny(ReadOnlySpan<byte> line, out DateTimeOffset time)
    {
        if (TrySnapshot(line, out time))
        {
            return true;
        }

        if (line.IndexOf("\"type\":\"gap\""u8) >= 0)
        {
            return TryString(line, "\"to\":\""u8, out time);
        }

        return TryString(line, "\"time\":\""u8, out time);
    }

    /// <summary>A session start or end line's time; for a start, whether it continues a session past midnight and its interval.</summary>
    public static bool TrySession(ReadOnlySpan<byte> line, out bool start, out DateTimeOffset time, out bool continues, out long? intervalMs)
    {
        start = false;
        continues = false;
        intervalMs = null;
        time = default;
        if (line.IndexOf("\"type\":\"session\""u8) < 0)
        {
            return false;
        }

        start = line.IndexOf("\"event\":\"start\""u8) >= 0;
        if (!start && line.IndexOf("\"event\":\"end\""u8) < 0)
        {
            return false;
        }

        if (start)
        {
            continues = line.IndexOf("\"continues\":true"u8) >= 0;
            int at = line.IndexOf("\"interval_ms\":"u8);
            if (at >= 0 && Utf8Parser.TryParse(line[(at + 14)..], out long ms, out _))
            {
                intervalMs = ms;
            }
        }

        return TryString(line, "\"time\":\""u8, out time);
    }

    /// <summary>A gap line's span and reason; false unless it has all three.</summary>
    public static bool TryGap(ReadOnlySpan<byte> line, out DateTimeOffset from, out DateTimeOffset to, out string reason)
    {
        from = default;
        to = default;
        reason = string.Empty;
        if (line.IndexOf("\"type\":\"gap\""u8) < 0 || !TryString(line, "\"from\":\""u8, out from) || !TryString(line, "\"to\":\""u8, out to))
        {
            return false;
        }

        int at = line.IndexOf("\"reason\":\""u8);
        if (at < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = line[(at + 10)..];
        int end = rest.IndexOf((byte)'"');
        if (end < 0)
        {
            return false;
        }

        reason = ReasonText(rest[..end]);
        return true;
    }

    // The recorder's reasons are a handful of words: no string per gap line for them.
    private static string ReasonText(ReadOnlySpan<byte> reason) =>
        reason.SequenceEqual("disconnect"u8) ? "disconnect"
        : reason.SequenceEqual("stale"u8) ? "stale"
        : reason.SequenceEqual("checksum"u8) ? "checksum"
        : reason.SequenceEqual("sequence"u8) ? "sequence"
        : reason.SequenceEqual("error"u8) ? "error"
        : Encoding.UTF8.GetString(reason);

    private static bool TryString(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key, out DateTimeOffset time)
    {
        time = default;
        int at = line.IndexOf(key);
        if (at < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = line[(at + key.Length)..];
        int end = rest.IndexOf((byte)'"');
        return end > 0 && IsoTime.TryParse(rest[..end], out time);
    }

    private static bool TryMilliseconds(ReadOnlySpan<byte> line, out DateTimeOffset time)
    {
        time = default;
        int at = line.IndexOf("\"timestamp\":"u8);
        if (at < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = line[(at + 12)..].TrimStart((byte)' ');
        if (!Utf8Parser.TryParse(rest, out long ms, out _) || ms is <= 0 or >= 253402300800000)
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return true;
    }
}
