using L2Rec.Simulation;

namespace L2Rec.Tests.Simulation;

public sealed class FaultScheduleTests
{
    [Theory]
    [InlineData("500", 500L, null)]
    [InlineData("0", 0L, null)]
    [InlineData("30s", null, 30_000)]
    [InlineData("2m", null, 120_000)]
    [InlineData("500ms", null, 500)]
    public void Counts_and_spans_are_read(string text, long? messages, int? milliseconds)
    {
        FaultSchedule.TryParse(text, out FaultSchedule schedule).Should().BeTrue();
        schedule.Messages.Should().Be(messages);
        schedule.Every.Should().Be(milliseconds is int ms ? TimeSpan.FromMilliseconds(ms) : null);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("often")]
    [InlineData("0s")]
    public void Nonsense_is_refused(string text) => FaultSchedule.TryParse(text, out _).Should().BeFalse();

    [Fact]
    public void A_count_fires_on_every_multiple_and_zero_never_fires_as_a_period()
    {
        FaultSchedule every3 = new(3, null);
        Enumerable.Range(1, 9).Where(n => every3.IsDue(n, TimeSpan.Zero)).Should().Equal(3, 6, 9);
        new FaultSchedule(0, null).IsDue(5, TimeSpan.Zero).Should().BeFalse();
        new FaultSchedule(null, TimeSpan.FromSeconds(2)).IsDue(0, TimeSpan.FromSeconds(2)).Should().BeTrue();
    }
}
