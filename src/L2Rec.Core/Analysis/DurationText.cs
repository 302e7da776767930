using System.Globalization;

namespace L2Rec.Analysis;

/// <summary>
/// Durations in the text reports, in the unit that reads naturally: under a minute in seconds (<c>13.0 s</c>), under
/// an hour in minutes (<c>4.2 min</c>), under 48 hours in hours (<c>3.92 h</c>), beyond that in days
/// (<c>6.50 d</c>). The JSON reports keep plain seconds.
/// </summary>
public static class DurationText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary><c>13.0 s</c>, <c>4.2 min</c>, <c>3.92 h</c>, <c>6.50 d</c>: for columns and lists.</summary>
    public static string Short(TimeSpan span) => Format(span, "s", "min", "h", "d");

    /// <summary><c>13.0 seconds</c>, <c>4.2 minutes</c>, <c>24.00 hours</c>, <c>6.50 days</c>: for headline lines.</summary>
    public static string Long(TimeSpan span) => Format(span, "seconds", "minutes", "hours", "days");

    private static string Format(TimeSpan span, string seconds, string minutes, string hours, string days)
    {
        // The unit is picked by the value as it will print, so 59.96 s reads 1.0 min rather than 60.0 s.
        double magnitude = Math.Abs(span.TotalSeconds);
        return magnitude < 59.95 ? string.Create(Invariant, $"{span.TotalSeconds:0.0} {seconds}")
            : magnitude < 59.95 * 60 ? string.Create(Invariant, $"{span.TotalMinutes:0.0} {minutes}")
            : magnitude < 47.995 * 3600 ? string.Create(Invariant, $"{span.TotalHours:0.00} {hours}")
            : string.Create(Invariant, $"{span.TotalDays:0.00} {days}");
    }
}
