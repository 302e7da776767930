namespace L2Rec.Books;

/// <summary>
/// Pieces of a strict reader for JSON lines in a known key order, used as fast paths in front of
/// <c>Utf8JsonReader</c>. Each accepts only text the general reader would read the same way and otherwise returns
/// false, leaving the decision to the general reader.
/// </summary>
public static class CanonicalJson
{
    public static bool Literal(ReadOnlySpan<byte> line, ref int pos, ReadOnlySpan<byte> literal)
    {
        if (!line[pos..].StartsWith(literal))
        {
            return false;
        }

        pos += literal.Length;
        return true;
    }

    /// <summary>A string with no escapes and no control characters.</summary>
    public static bool PlainString(ReadOnlySpan<byte> line, ref int pos, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (pos >= line.Length || line[pos] != '"')
        {
            return false;
        }

        int length = line[(pos + 1)..].IndexOfAny((byte)'"', (byte)'\\');
        if (length < 0 || line[pos + 1 + length] != '"')
        {
            return false;
        }

        value = line.Slice(pos + 1, length);
        if (value.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
        {
            return false;
        }

        pos += length + 2;
        return true;
    }

    /// <summary><c>(0|[1-9][0-9]*)(.[0-9]+)?</c> only: JSON's grammar for plain decimal numbers.</summary>
    public static bool Number(ReadOnlySpan<byte> line, ref int pos, out FixedDecimal value)
    {
        // The grammar check and the value in one pass: this reads every price and quantity of every line.
        value = default;
        int start = pos;
        ulong units = 0;
        uint digit;
        while (pos < line.Length && (digit = (uint)(line[pos] - '0')) <= 9)
        {
            units = (units * 10) + digit;
            pos++;
        }

        int integerDigits = pos - start;
        if (integerDigits == 0 || (integerDigits > 1 && line[start] == '0'))
        {
            return false;
        }

        int scale = 0;
        if (pos < line.Length && line[pos] == '.')
        {
            int fractionStart = ++pos;
            while (pos < line.Length && (digit = (uint)(line[pos] - '0')) <= 9)
            {
                units = (units * 10) + digit;
                pos++;
            }

            scale = pos - fractionStart;
            if (scale == 0)
            {
                return false;
            }
        }

        // Up to 18 digits the sum above cannot overflow and the scale fits; longer text takes the careful parser.
        if (integerDigits + scale > 18)
        {
            return FixedDecimal.TryParse(line[start..pos], out value);
        }

        value = new FixedDecimal((long)units, scale);
        return true;
    }

    /// <summary>An unsigned 32-bit integer without leading zeros.</summary>
    public static bool UInt32(ReadOnlySpan<byte> line, ref int pos, out uint value)
    {
        value = 0;
        int start = pos;
        ulong accumulated = 0;
        while (pos < line.Length && line[pos] is >= (byte)'0' and <= (byte)'9' && pos - start < 11)
        {
            accumulated = (accumulated * 10) + (uint)(line[pos] - '0');
            pos++;
        }

        if (pos == start || (pos - start > 1 && line[start] == '0') || accumulated > uint.MaxValue ||
            (pos < line.Length && line[pos] is (byte)'.' or (byte)'e' or (byte)'E' or (>= (byte)'0' and <= (byte)'9')))
        {
            return false;
        }

        value = (uint)accumulated;
        return true;
    }
}
