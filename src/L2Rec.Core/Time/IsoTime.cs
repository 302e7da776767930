using System.Buffers.Text;

namespace L2Rec.Time;

/// <summary>ISO-8601 UTC times with microseconds (<c>2025-10-23T12:00:00.123456Z</c>), read and written as UTF-8.</summary>
public static class IsoTime
{
    /// <summary>Length of the text <see cref="Format"/> writes.</summary>
    public const int Length = 27;

    public static int Format(DateTimeOffset time, Span<byte> destination)
    {
        // Written field by field: two per book line, so the general custom-format path is too slow here.
        // Truncated to whole microseconds so the text is exact and round-trips.
        if (destination.Length < Length)
        {
            throw new ArgumentException("Destination too small for a time.", nameof(destination));
        }

        DateTime utc = time.UtcDateTime;
        (int year, int month, int day) = DateOnly.FromDateTime(utc);
        long microseconds = utc.TimeOfDay.Ticks / 10;
        int fraction = (int)(microseconds % 1_000_000);
        int seconds = (int)(microseconds / 1_000_000);
        Digits(destination, 0, year, 4);
        destination[4] = (byte)'-';
        Digits(destination, 5, month, 2);
        destination[7] = (byte)'-';
        Digits(destination, 8, day, 2);
        destination[10] = (byte)'T';
        Digits(destination, 11, seconds / 3600, 2);
        destination[13] = (byte)':';
        Digits(destination, 14, seconds / 60 % 60, 2);
        destination[16] = (byte)':';
        Digits(destination, 17, seconds % 60, 2);
        destination[19] = (byte)'.';
        Digits(destination, 20, fraction, 6);
        destination[26] = (byte)'Z';
        return Length;
    }

    public static string ToText(DateTimeOffset time)
    {
        Span<byte> buffer = stackalloc byte[Length];
        int written = Format(time, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..written]);
    }

    /// <summary>
    /// Parses <c>yyyy-MM-ddTHH:mm:ss[.f{1,7}](Z|+00:00)</c>, the forms Kraken and l2rec write, without allocating.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset time)
    {
        time = default;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') ||
            text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (!Digits(text[..4], out int year) || !Digits(text.Slice(5, 2), out int month) ||
            !Digits(text.Slice(8, 2), out int day) || !Digits(text.Slice(11, 2), out int hour) ||
            !Digits(text.Slice(14, 2), out int minute) || !Digits(text.Slice(17, 2), out int second))
        {
            return false;
        }

        int pos = 19;
        long fractionTicks = 0;
        if (pos < text.Length && text[pos] == '.')
        {
            pos++;
            int start = pos;
            long scale = TimeSpan.TicksPerSecond;
            while (pos < text.Length && text[pos] is >= (byte)'0' and <= (byte)'9')
            {
                scale /= 10;
                fractionTicks += (text[pos] - '0') * scale;
                pos++;
            }

            if (pos == start)
            {
                return false;
            }
        }

        ReadOnlySpan<byte> zone = text[pos..];
        if (!(zone.SequenceEqual("Z"u8) || zone.SequenceEqual("+00:00"u8)))
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month) || hour > 23 ||
            minute > 59 || second > 59 || year < 1)
        {
            return false;
        }

        time = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fractionTicks));
        return true;
    }

    private static void Digits(Span<byte> destination, int at, int value, int width)
    {
        for (int i = at + width - 1; i >= at; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value) =>
        Utf8Parser.TryParse(text, out value, out int consumed) && consumed == text.Length && text[0] != '-' && text[0] != '+';
}
