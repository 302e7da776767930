namespace L2Rec.Feeds.Healing;

/// <summary>
/// Exponential backoff with jitter for reconnects and resubscribes: 1 s doubling to a 30 s cap, each delay drawn in
/// [80 %, 100 %] of its step so that many recorders restarted together spread out without ever waiting longer than
/// the schedule. The step count resets once the feed has been healthy for a whole minute.
/// </summary>
public sealed class ReconnectBackoff(TimeProvider timeProvider, Random random)
{
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan HealthyReset = TimeSpan.FromMinutes(1);
    public const double JitterFraction = 0.2;

    private int _attempt;
    private long? _healthySince;

    /// <summary>Failures since the last reset.</summary>
    public int Attempt => _attempt;

    /// <summary>Notes healthy data (a verified book); the first call after a failure starts the healthy minute.</summary>
    public void MarkHealthy() => _healthySince ??= timeProvider.GetTimestamp();

    /// <summary>Notes a failure and returns how long to wait before the next try.</summary>
    public TimeSpan NextDelay()
    {
        if (_healthySince is long since && timeProvider.GetElapsedTime(since) >= HealthyReset)
        {
            _attempt = 0;
        }

        _healthySince = null;
        TimeSpan step = StepFor(_attempt);
        _attempt++;
        double factor = 1.0 - (JitterFraction * random.NextDouble());
        return TimeSpan.FromTicks((long)(step.Ticks * factor));
    }

    /// <summary>The un-jittered delay of the n-th consecutive failure (0-based): 1, 2, 4, 8, 16, 30, 30 ... s.</summary>
    public static TimeSpan StepFor(int attempt) =>
        attempt >= 5 ? Max : TimeSpan.FromTicks(Math.Min(Initial.Ticks << attempt, Max.Ticks));
}
