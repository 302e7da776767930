using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    /// <summary>
    /// Characters at most needed to format a value: sign, 19 digits, point, leading zero. Padding cannot exceed it,
    /// as a padded value still fits the 64-bit unit count.
    /// </summary>
    public const int MaxFormattedLength = 22;

    private static readonly long[] PowersOfTen = BuildPowers();

    private static ReadOnlySpan<byte> DigitPairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

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
    public bool TryFormat(Span<byte> destination, out int written) => TryFormat(destination, Scale, out written);

    /// <summary>
    /// Writes the text with at least <paramref name="minScale"/> fractional digits, the text of
    /// <c>PadTo(minScale)</c> without building it: a book line pads every level to the pair's precision.
    /// </summary>
    public bool TryFormat(Span<byte> destination, int minScale, out int written)
    {
        written = 0;
        int padding = minScale > Scale && TryPadTo(minScale, out _) ? minScale - Scale : 0;
        int fraction = Scale + padding;

        // Unchecked negation maps long.MinValue to 2^63, its true magnitude.
        ulong magnitude = Units < 0 ? unchecked((ulong)-Units) : (ulong)Units;
        int integerDigits = Math.Max(CountDigits(magnitude) - Scale, 1);
        int sign = Units < 0 ? 1 : 0;
        int length = sign + integerDigits + (fraction > 0 ? 1 + fraction : 0);
        if (destination.Length < length)
        {
            return false;
        }

        // Filled from the end, two digits per division where possible: this runs for every level of every line.
        int pos = length;
        destination.Slice(pos - padding, padding).Fill((byte)'0');
        pos -= padding;
        int remaining = Scale;
        while (remaining >= 2)
        {
            uint pair = TakeLastTwo(ref magnitude);
            pos -= 2;
            WritePair(destination, pos, pair);
            remaining -= 2;
        }

        if (remaining == 1)
        {
            ulong digit = magnitude % 10;
            magnitude /= 10;
            destination[--pos] = (byte)('0' + (int)digit);
        }

        if (fraction > 0)
        {
            destination[--pos] = (byte)'.';
        }

        while (magnitude >= 10)
        {
            uint pair = TakeLastTwo(ref magnitude);
            pos -= 2;
            WritePair(destination, pos, pair);
        }

        if (pos > sign)
        {
            // The odd leading digit, or the 0 before the point.
            destination[--pos] = (byte)('0' + (int)magnitude);
        }

        if (sign == 1)
        {
            destination[0] = (byte)'-';
        }

        written = length;
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

        ulong magnitude = Units < 0 ? unchecked((ulong)-Units) : (ulong)Units;
        int count = CountDigits(magnitude);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, count, nameof(destination));

        // Every message's checksum formats 40 of these, so the same pairwise writer as TryFormat.
        int pos = count;
        while (pos >= 2)
        {
            uint pair = TakeLastTwo(ref magnitude);
            pos -= 2;
            WritePair(destination, pos, pair);
        }

        if (pos == 1)
        {
            destination[0] = (byte)('0' + (int)magnitude);
        }

        return count;
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

    // Division by a literal becomes a multiplication, and a 32-bit one once the rest fits (prices and quantities
    // mostly do).
    private static uint TakeLastTwo(ref ulong value)
    {
        if (value <= uint.MaxValue)
        {
            uint small = (uint)value;
            uint smallQuotient = small / 100;
            value = smallQuotient;
            return small - (smallQuotient * 100);
        }

        ulong quotient = value / 100;
        uint pair = (uint)(value - (quotient * 100));
        value = quotient;
        return pair;
    }

    // One two-byte store from the pair table. Unchecked: every caller has measured the destination first, and this
    // runs for each digit pair of 40 tokens per message.
    private static void WritePair(Span<byte> destination, int pos, uint pair) =>
        Unsafe.WriteUnaligned(
            ref Unsafe.Add(ref MemoryMarshal.GetReference(destination), pos),
            Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(DigitPairs), (nint)(pair * 2))));

    private static int CountDigits(ulong value)
    {
        // log10 from log2 (1233 / 4096 ≈ log10 2), then one comparison to correct it.
        int estimate = ((BitOperations.Log2(value | 1) + 1) * 1233) >> 12;
        return estimate + 1 - (estimate > 0 && value < TenTo(estimate) ? 1 : 0);
    }

    private static ulong TenTo(int power) => power <= MaxScale ? (ulong)PowersOfTen[power] : 10_000_000_000_000_000_000UL;

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
