using System.Text.Json;
using L2Rec.Time;

namespace L2Rec.Analysis;

/// <summary>How the reports write an optional time: ISO text, <c>-</c> in text and <c>null</c> in JSON when absent.</summary>
internal static class ReportFields
{
    public static string Time(DateTimeOffset? time) => time is { } t ? IsoTime.ToText(t) : "-";

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
