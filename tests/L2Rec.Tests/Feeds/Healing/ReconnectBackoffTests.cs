using L2Rec.Feeds.Healing;
using Microsoft.Extensions.Time.Testing;

namespace L2Rec.Tests.Feeds.Healing;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Delays_double_from_one_second_to_a_thirty_second_cap_within_the_jitter_band()
    {
        FakeTimeProvider time = new();
        ReconnectBackoff backoff = new(time, new Random(7));
        double[] steps = [1, 2, 4, 8, 16, 30, 30, 30];
        foreach (double step in steps)
        {
            TimeSpan delay = backoff.NextDelay();
            delay.TotalSeconds.Should().BeInRange(step * (1 - ReconnectBackoff.JitterFraction), step);
        }
    }

    [Fact]
    public void Jitter_actually_spreads_the_delays()
    {
        HashSet<long> seen = [];
        for (int seed = 0; seed < 20; seed++)
        {
            seen.Add(new ReconnectBackoff(new FakeTimeProvider(), new Random(seed)).NextDelay().Ticks);
        }

        seen.Count.Should().BeGreaterThan(10);
    }

    [Fact]
    public void A_healthy_minute_resets_the_sequence_and_a_shorter_one_does_not()
    {
        FakeTimeProvider time = new();
        ReconnectBackoff backoff = new(time, new Random(1));
        for (int i = 0; i < 4; i++)
        {
            _ = backoff.NextDelay();
        }

        backoff.MarkHealthy();
        time.Advance(TimeSpan.FromSeconds(59));
        backoff.NextDelay().TotalSeconds.Should().BeGreaterThan(12.8, "59 s of health is not a minute: the 5th step is 16 s");

        backoff.MarkHealthy();
        time.Advance(TimeSpan.FromSeconds(60));
        backoff.NextDelay().TotalSeconds.Should().BeLessThanOrEqualTo(1);
        backoff.Attempt.Should().Be(1);
    }
}
