using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace L2Rec.Books;

/// <summary>
/// A decimal number as the exchange wrote it: an integer count of units and the number of digits after the point.
/// <c>0.10000000</c> is (10000000, 8) and stays that way, so the text, the checksum token and the ordering all come
/// from the same exact value, with no binary floating point anywhere and no allocation.
/// </summary>
public readonly struct FixedDecimal : IComparable<FixedDecimal>, IEquatable<FixedDecimal>
{
    /// <summary>The most fractional digits kept; Kraken's finest precision is 10.</summary>
    public const int MaxScale = 18;

    /// <summary>Characters at most needed by <see cref="TryFormat"/>: sign, 19 digits, point, leading zero.</summary>
    public const int MaxFormattedLength = 22;

    private static readonly long[] PowersOfTen = BuildPowers();

    public FixedDecimal(long units, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, MaxScale);
        Units = units;
        Scale = (byte)scale;
    }

    public long Units { get; }

    public byte Scale { get; }

    public bool IsZero => Units == 0;

    public bool IsPositive => Units > 0;

    /// <summary>
    /// Parses JSON number text (<c>45281.0</c>, <c>0.00100000</c>, <c>5.1e-05</c>, or the same inside a string).
    /// Exponents are folded into the scale, so <c>5.1e-05</c> becomes (51, 6). Fails on anything else or on a value
    /// that does not fit 18 fractional digits and a 64-bit unit count.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out FixedDecimal value)
    {
        value = default;
        int i = 0;
        bool negative = false;
        if (i < text.Length && text[i] == (byte)'-')
        {
            negative = true;
            i++;
        }

        ulong units = 0;
        int scale = 0;
        int digits = 0;
        bool seenPoint = false;
        for (; i < text.Length; i++)
        {
            byte c = text[i];
            if (c is >= (byte)'0' and <= (byte)'9')
            {
                if (units > (ulong.MaxValue - 9) / 10)
                {
                    return false;
                }

                units = (units * 10) + (ulong)(c - '0');
                digits++;
                if (seenPoint)
                {
                    scale++;
                }
            }
            else if (c == (byte)'.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                break;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < text.Length)
        {
            if (text[i] is not ((byte)'e' or (byte)'E'))
            {
                return false;
            }

            if (!Utf8Parser.TryParse(text[(i + 1)..], out int exponent, out int consumed) || consumed != text.Length - i - 1)
            {
                return false;
            }

            scale -= exponent;
            while (scale < 0)
            {
                if (units > ulong.MaxValue / 10)
                {
                    return false;
                }

                units *= 10;
                scale++;
            }
        }

        if (scale > MaxScale || units > long.MaxValue)
        {
            return false;
        }

        value = new FixedDecimal(negative ? -(long)units : (long)units, scale);
        return true;
    }

    public static FixedDecimal Parse(string text) =>
        TryParse(System.Text.Encoding.UTF8.GetBytes(text), out FixedDecimal value)
            ? value
            : throw new FormatException($"'{text}' is not a decimal number.");

    /// <summary>
    /// The same value written with at least <paramref name="scale"/> fractional digits (<c>0.566</c> at 4 is
    /// <c>0.5660</c>). Never rounds: a value with more digits than asked keeps them.
    /// </summary>
    public bool TryPadTo(int scale, out FixedDecimal padded)
    {
        padded = this;
        if (scale <= Scale)
        {
            return true;
        }

        if (scale > MaxScale)
        {
            return false;
        }

        long factor = PowersOfTen[scale - Scale];
        if (Math.Abs(Units) > long.MaxValue / factor)
        {
            return false;
        }

        padded = new FixedDecimal(Units * factor, scale);
        return true;
    }

    public FixedDecimal PadTo(int scale) => TryPadTo(scale, out FixedDecimal padded) ? padded : this;

    /// <summary>Writes the fixed-point text, e.g. <c>0.00100000</c>, never exponent notation.</summary>
    public bool TryFormat(Span<byte> destination, out int written)
    {
        written = 0;
        Span<byte> digits = stackalloc byte[20];
        ulong magnitude = Units < 0 ? (ulong)(-Units) : (ulong)Units;
        int count = 0;
        do
        {
            digits[count++] = (byte)('0' + (int)(magnitude % 10));
            magnitude /= 10;
        }
        while (magnitude != 0);

        int integerDigits = Math.Max(count - Scale, 1);
        int length = (Units < 0 ? 1 : 0) + integerDigits + (Scale > 0 ? 1 + Scale : 0);
        if (destination.Length < length)
        {
            return false;
        }

        int pos = 0;
        if (Units < 0)
        {
            destination[pos++] = (byte)'-';
        }

        // Digits are collected least significant first; positions past 'count' are leading zeros.
        for (int d = integerDigits + Scale - 1; d >= 0; d--)
        {
            if (d == Scale - 1)
            {
                destination[pos++] = (byte)'.';
            }

            destination[pos++] = d < count ? digits[d] : (byte)'0';
        }

        written = pos;
        return true;
    }

    /// <summary>
    /// Kraken's checksum token: the text without its point and leading zeros, which is the unit count's digits.
    /// </summary>
    public int WriteChecksumToken(Span<byte> destination)
    {
        if (Units == 0)
        {
            return 0;
        }

        return Utf8Formatter.TryFormat(Units < 0 ? -Units : Units, destination, out int written)
            ? written
            : throw new ArgumentException("Destination too small for a checksum token.", nameof(destination));
    }

    public int CompareTo(FixedDecimal other)
    {
        if (Scale == other.Scale)
        {
            return Units.CompareTo(other.Units);
        }

        // Different scales only when the exchange changes a pair's precision; widen to compare exactly.
        int scale = Math.Max(Scale, other.Scale);
        Int128 left = (Int128)Units * PowersOfTen[scale - Scale];
        Int128 right = (Int128)other.Units * PowersOfTen[scale - other.Scale];
        return left.CompareTo(right);
    }

    public bool Equals(FixedDecimal other) => CompareTo(other) == 0;

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is FixedDecimal other && Equals(other);

    public override int GetHashCode()
    {
        // Equal values at different scales must hash alike: hash the value with trailing zeros removed.
        long units = Units;
        int scale = Scale;
        while (scale > 0 && units % 10 == 0)
        {
            units /= 10;
            scale--;
        }

        return HashCode.Combine(units, scale);
    }

    public override string ToString()
    {
        Span<byte> buffer = stackalloc byte[MaxFormattedLength];
        _ = TryFormat(buffer, out int written);
        return System.Text.Encoding.ASCII.GetString(buffer[..written]);
    }

    public static bool operator ==(FixedDecimal left, FixedDecimal right) => left.Equals(right);

    public static bool operator !=(FixedDecimal left, FixedDecimal right) => !left.Equals(right);

    public static bool operator <(FixedDecimal left, FixedDecimal right) => left.CompareTo(right) < 0;

    public static bool operator >(FixedDecimal left, FixedDecimal right) => left.CompareTo(right) > 0;

    public static bool operator <=(FixedDecimal left, FixedDecimal right) => left.CompareTo(right) <= 0;

    public static bool operator >=(FixedDecimal left, FixedDecimal right) => left.CompareTo(right) >= 0;

    private static long[] BuildPowers()
    {
        long[] powers = new long[MaxScale + 1];
        powers[0] = 1;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
