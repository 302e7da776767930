using System.Globalization;

namespace L2Rec.Time;

/// <summary>
/// The system clock shifted by a fixed offset: wall-clock reads move, elapsed-time measurements do not. It lets a
/// real recorder process be started just before a UTC midnight in tests (hidden environment variable
/// <see cref="EnvironmentVariable"/>, in seconds).
/// </summary>
public sealed class OffsetTimeProvider(TimeProvider inner, TimeSpan offset) : TimeProvider
{
    public const string EnvironmentVariable = "L2REC_TEST_CLOCK_OFFSET_SECONDS";

    public TimeSpan Offset { get; } = offset;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);

    /// <summary>The system clock, shifted when the test variable holds a number of seconds.</summary>
    public static TimeProvider FromEnvironment()
    {
        string? text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && double.IsFinite(seconds)
            ? new OffsetTimeProvider(TimeProvider.System, TimeSpan.FromSeconds(seconds))
            : TimeProvider.System;
    }
}
