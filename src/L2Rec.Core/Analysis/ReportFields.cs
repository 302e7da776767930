using System.Globalization;
using System.Text.Json;
using L2Rec.Time;

namespace L2Rec.Analysis;

/// <summary>How the reports write an optional time and a coverage, the same way in validate and diagnose.</summary>
internal static class ReportFields
{
    public static string Time(DateTimeOffset? time) => time is { } t ? IsoTime.ToText(t) : "-";

    /// <summary>
    /// A coverage fraction as <c>71.12 %</c>, rounded to two decimals, but never <c>100.00 %</c> while anything is
    /// uncovered: a day with one second missing reads 99.99 %.
    /// </summary>
    public static string Percent(double coverage)
    {
        double percent = Math.Round(coverage * 100, 2, MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture, $"{(percent >= 100 && coverage < 1 ? 99.99 : percent):0.00} %");
    }

    public static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            json.WriteString(name, IsoTime.ToText(t));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
