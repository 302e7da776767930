using System.CommandLine.Parsing;
using System.Globalization;

namespace L2Rec.Cli;

/// <summary>Durations as users type them: <c>90s</c>, <c>15m</c>, <c>1.5h</c>, <c>250ms</c>, or a plain number in a default unit.</summary>
public static class TimeSpanText
{
    /// <summary>
    /// A System.CommandLine parser for a span option: a plain number counts in <paramref name="plainUnit"/>; anything
    /// else (or zero, unless allowed) is one error naming the option and the accepted forms.
    /// </summary>
    public static Func<ArgumentResult, TimeSpan?> Parser(string option, TimeSpan plainUnit, bool allowZero, string acceptedForms, Func<TimeSpan, bool>? isValid = null) => result =>
    {
        string text = OptionValue.Text(result);
        if (TryParse(text, plainUnit, out TimeSpan value) && (value > TimeSpan.Zero || (allowZero && value == TimeSpan.Zero)) && (isValid?.Invoke(value) ?? true))
        {
            return value;
        }

        result.AddError(OptionValue.Invalid(option, text, acceptedForms));
        return null;
    };

    public static bool TryParse(string? text, TimeSpan plainUnit, out TimeSpan value)
    {
        value = default;
        text = text?.Trim().ToLowerInvariant() ?? string.Empty;
        (string number, TimeSpan unit) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], TimeSpan.FromMilliseconds(1)),
            _ when text.EndsWith('s') => (text[..^1], TimeSpan.FromSeconds(1)),
            _ when text.EndsWith('m') => (text[..^1], TimeSpan.FromMinutes(1)),
            _ when text.EndsWith('h') => (text[..^1], TimeSpan.FromHours(1)),
            _ when text.EndsWith('d') => (text[..^1], TimeSpan.FromDays(1)),
            _ => (text, plainUnit),
        };

        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount) ||
            amount > 3650m * 24 * 3600 * 1000 / (decimal)unit.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)(amount * unit.Ticks));
        return true;
    }
}
