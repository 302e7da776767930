using System.Buffers.Text;
using L2Rec.Time;

namespace L2Rec.Analysis;

/// <summary>
/// Finds a line's time without parsing the whole line, for collection-wide scans: a book's <c>recv</c>, a legacy
/// ccxt book's <c>timestamp</c> (milliseconds), a session line's <c>time</c>, a gap's <c>to</c>.
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
