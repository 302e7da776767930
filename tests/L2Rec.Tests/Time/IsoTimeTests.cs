using System.Text;
using L2Rec.Time;

namespace L2Rec.Tests.Time;

public sealed class IsoTimeTests
{
    [Fact]
    public void Formatting_matches_the_framework_for_random_times_and_round_trips()
    {
        Random random = new(9);
        for (int i = 0; i < 10_000; i++)
        {
            DateTimeOffset time = new(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.Zero);
            string text = IsoTime.ToText(time);
            DateTime truncated = new(time.Ticks - (time.Ticks % 10), DateTimeKind.Utc);
            text.Should().Be(truncated.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            IsoTime.TryParse(Encoding.ASCII.GetBytes(text), out DateTimeOffset parsed).Should().BeTrue();
            parsed.Should().Be(new DateTimeOffset(truncated));
        }
    }

    [Theory]
    [InlineData("2023-10-06T17:35:55.440295Z")]
    [InlineData("2023-10-06T17:35:55Z")]
    [InlineData("2023-10-06T17:35:55.4+00:00")]
    public void Kraken_and_l2rec_forms_parse(string text) => IsoTime.TryParse(Encoding.ASCII.GetBytes(text), out _).Should().BeTrue();

    [Theory]
    [InlineData("2023-13-06T17:35:55Z")]
    [InlineData("2023-02-30T17:35:55Z")]
    [InlineData("2023-10-06T17:35:55")]
    [InlineData("2023-10-06T17:35:55.Z")]
    [InlineData("yesterday")]
    public void Nonsense_does_not_parse(string text) => IsoTime.TryParse(Encoding.ASCII.GetBytes(text), out _).Should().BeFalse();
}
