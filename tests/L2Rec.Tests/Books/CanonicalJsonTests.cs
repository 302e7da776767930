using System.Text;
using L2Rec.Books;

namespace L2Rec.Tests.Books;

public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("0", 0L, 0)]
    [InlineData("45281.0", 452810L, 1)]
    [InlineData("0.00100000", 100000L, 8)]
    [InlineData("123456789012345678", 123456789012345678L, 0)]
    [InlineData("1234567890.12345678", 123456789012345678L, 8)]
    [InlineData("9223372036854775807", long.MaxValue, 0)]
    [InlineData("0.000000000000000001", 1L, 18)]
    public void Number_reads_plain_decimals_up_to_the_edges(string text, long units, int scale)
    {
        int pos = 0;
        CanonicalJson.Number(Encoding.ASCII.GetBytes(text + ","), ref pos, out FixedDecimal value).Should().BeTrue();
        pos.Should().Be(text.Length);
        (value.Units, (int)value.Scale).Should().Be((units, scale));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("01")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("\"5\"")]
    [InlineData("9223372036854775808")]
    [InlineData("0.0000000000000000001")]
    public void Number_refuses_what_is_not_plain_or_does_not_fit(string text)
    {
        int pos = 0;
        CanonicalJson.Number(Encoding.ASCII.GetBytes(text + "]"), ref pos, out _).Should().BeFalse();
    }

    [Fact]
    public void Number_agrees_with_the_general_parser_on_random_digit_strings()
    {
        // The fused scan must give exactly what FixedDecimal.TryParse gives for every plain number, whatever its length.
        Random random = new(5);
        for (int i = 0; i < 20_000; i++)
        {
            string integer = random.Next(3) == 0 ? "0" : random.Next(1, 10) + Digits(random, random.Next(0, 20));
            string text = random.Next(3) == 0 ? integer : integer + "." + Digits(random, random.Next(1, 21));
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            int pos = 0;

            bool fast = CanonicalJson.Number(bytes, ref pos, out FixedDecimal value);
            bool general = FixedDecimal.TryParse(bytes, out FixedDecimal expected);

            fast.Should().Be(general, text);
            if (fast)
            {
                (value.Units, value.Scale).Should().Be((expected.Units, expected.Scale), text);
            }
        }
    }

    private static string Digits(Random random, int count)
    {
        StringBuilder text = new(count);
        for (int i = 0; i < count; i++)
        {
            text.Append((char)('0' + random.Next(10)));
        }

        return text.ToString();
    }
}
