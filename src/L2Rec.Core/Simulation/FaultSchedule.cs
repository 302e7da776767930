using System.Globalization;

namespace L2Rec.Simulation;

/// <summary>
/// When a simulator fault fires: every N book messages on a connection (a plain count, <c>500</c>) or every span of
/// time since the connection opened (<c>30s</c>, <c>2m</c>, <c>500ms</c>).
/// </summary>
public readonly record struct FaultSchedule(long? Messages, TimeSpan? Every)
{
    public static bool TryParse(string? text, out FaultSchedule schedule)
    {
        schedule = default;
        text = text?.Trim().ToLowerInvariant() ?? string.Empty;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long count))
        {
            // 0 only makes sense for --stall-after: silent right after the status frame.
            schedule = new FaultSchedule(count, null);
            return true;
        }

        (string number, double unitSeconds) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1),
            _ when text.EndsWith('m') => (text[..^1], 60),
            _ when text.EndsWith('h') => (text[..^1], 3600),
            _ => (string.Empty, 0),
        };
        if (decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount) && amount > 0)
        {
            schedule = new FaultSchedule(null, TimeSpan.FromSeconds((double)amount * unitSeconds));
            return true;
        }

        return false;
    }

    /// <summary>True once the fault is due for the n-th message (1-based) or the time since it last fired.</summary>
    public bool IsDue(long messages, TimeSpan sinceLast) =>
        (Messages is long every && every > 0 && messages > 0 && messages % every == 0) || (Every is TimeSpan span && sinceLast >= span);

    public override string ToString() => Messages is long m ? m.ToString(CultureInfo.InvariantCulture) : Every?.ToString() ?? "off";
}
