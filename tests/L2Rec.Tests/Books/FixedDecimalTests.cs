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
