using System.Text;
using L2Rec.Books;

namespace L2Rec.Tests.Books;

public sealed class FixedDecimalTests
{
    [Theory]
    [InlineData("45281.0", 452810, 1)]
    [InlineData("0.00100000", 100000, 8)]
    [InlineData("0.10000000", 10000000, 8)]
    [InlineData("5.1e-05", 51, 6)]
    [InlineData("1E-8", 1, 8)]
    [InlineData("12", 12, 0)]
    [InlineData("1.5e2", 150, 0)]
    public void Parsing_keeps_the_wire_digits(string text, long units, int scale)
    {
        FixedDecimal.TryParse(Encoding.ASCII.GetBytes(text), out FixedDecimal value).Should().BeTrue();
        value.Units.Should().Be(units);
        value.Scale.Should().Be((byte)scale);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1.2.3")]
    [InlineData("1e")]
    [InlineData("99999999999999999999")]
    [InlineData("0.0000000000000000001")]
    public void Parsing_rejects_what_is_not_an_exact_decimal(string text) =>
        FixedDecimal.TryParse(Encoding.ASCII.GetBytes(text), out _).Should().BeFalse();

    [Theory]
    [InlineData("0.00100000", "0.00100000")]
    [InlineData("45281.0", "45281.0")]
    [InlineData("0.5", "0.5")]
    [InlineData("123", "123")]
    [InlineData("5.1e-05", "0.000051")]
    public void Formatting_gives_fixed_point_text(string input, string expected) =>
        FixedDecimal.Parse(input).ToString().Should().Be(expected);

    [Theory]
    [InlineData(0L, 0, 0, "0")]
    [InlineData(0L, 3, 0, "0.000")]
    [InlineData(5L, 3, 0, "0.005")]
    [InlineData(-5L, 3, 0, "-0.005")]
    [InlineData(10L, 0, 2, "10.00")]
    [InlineData(long.MaxValue, 0, 0, "9223372036854775807")]
    [InlineData(long.MinValue, 18, 0, "-9.223372036854775808")]
    [InlineData(long.MaxValue, 3, 8, "9223372036854775.807")]
    [InlineData(1L, 18, 0, "0.000000000000000001")]
    public void Formatting_covers_the_edges(long units, int scale, int minScale, string expected)
    {
        Span<byte> text = stackalloc byte[FixedDecimal.MaxFormattedLength];
        new FixedDecimal(units, scale).TryFormat(text, minScale, out int written).Should().BeTrue();
        Encoding.ASCII.GetString(text[..written]).Should().Be(expected);
    }

    [Fact]
    public void Formatting_matches_the_runtime_decimal_text_for_random_values()
    {
        // System.Decimal keeps trailing zeros in its text, so it is an independent reference for every digit count,
        // scale and padding the fast formatter handles.
        Random random = new(7);
        Span<byte> text = stackalloc byte[FixedDecimal.MaxFormattedLength];
        for (int i = 0; i < 20_000; i++)
        {
            long units = random.Next(4) switch
            {
                0 => random.Next(0, 1000),
                1 => random.NextInt64(0, 100_000_000_000),
                _ => random.NextInt64(long.MinValue, long.MaxValue),
            };
            int scale = random.Next(0, FixedDecimal.MaxScale + 1);
            int minScale = random.Next(0, FixedDecimal.MaxScale + 1);
            FixedDecimal value = new(units, scale);
            FixedDecimal padded = value.PadTo(minScale);
            ulong magnitude = padded.Units < 0 ? unchecked((ulong)-padded.Units) : (ulong)padded.Units;
            decimal reference = new((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, padded.Units < 0, padded.Scale);
            string expected = reference.ToString(System.Globalization.CultureInfo.InvariantCulture);

            value.TryFormat(text, minScale, out int written).Should().BeTrue();
            Encoding.ASCII.GetString(text[..written]).Should().Be(expected, "units {0} scale {1} padded to {2}", units, scale, minScale);
        }
    }

    [Fact]
    public void Formatting_refuses_a_destination_that_is_too_short()
    {
        Span<byte> text = stackalloc byte[4];
        FixedDecimal.Parse("12.345").TryFormat(text, out int written).Should().BeFalse();
        written.Should().Be(0);
    }

    [Fact]
    public void Padding_adds_zeros_and_never_rounds()
    {
        FixedDecimal.Parse("0.566").PadTo(4).ToString().Should().Be("0.5660");
        FixedDecimal.Parse("18097.1547").PadTo(8).ToString().Should().Be("18097.15470000");
        FixedDecimal.Parse("0.123456").PadTo(2).ToString().Should().Be("0.123456");
    }

    [Theory]
    [InlineData("45285.2", "452852")]
    [InlineData("0.00100000", "100000")]
    [InlineData("45281.0", "452810")]
    [InlineData("0.5660", "5660")]
    [InlineData("18097.15470000", "1809715470000")]
    [InlineData("0.010", "10")]
    public void Checksum_token_drops_the_point_and_leading_zeros(string text, string token)
    {
        Span<byte> buffer = stackalloc byte[32];
        int written = FixedDecimal.Parse(text).WriteChecksumToken(buffer);
        Encoding.ASCII.GetString(buffer[..written]).Should().Be(token);
    }

    [Fact]
    public void Values_compare_by_value_whatever_their_scale()
    {
        FixedDecimal.Parse("0.5").Should().Be(FixedDecimal.Parse("0.50000"));
        FixedDecimal.Parse("0.5").GetHashCode().Should().Be(FixedDecimal.Parse("0.500").GetHashCode());
        (FixedDecimal.Parse("100.01") > FixedDecimal.Parse("100.009")).Should().BeTrue();
        (FixedDecimal.Parse("99.9") < FixedDecimal.Parse("100")).Should().BeTrue();
    }
}
