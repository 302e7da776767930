using System.Globalization;
using System.Text.Json;
using L2Rec.Time;

namespace L2Rec.Analysis;

/// <summary>Writes validate's reports: a short aligned text for people, a JSON document for machines (README documents its schema).</summary>
public static class ValidationReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void WriteText(TextWriter output, ValidationReport report, double minScore)
    {
        output.WriteLine(report.Path);
        output.WriteLine(string.Create(Invariant, $"  lines        {report.Lines,-14:N0}snapshots  {report.Snapshots:N0}"));
        output.WriteLine($"  first        {ReportFields.Time(report.First)}");
        output.WriteLine($"  last         {ReportFields.Time(report.Last)}");
        output.WriteLine(string.Create(Invariant, $"  duration     {DurationText.Short(report.Duration),-14}coverage   {ReportFields.Percent(report.Coverage)}"));
        output.WriteLine(string.Create(Invariant, $"  max gap      {DurationText.Short(report.MaxGap),-14}holes      {report.HoleCount} ({DurationText.Short(report.Uncovered)} uncovered)"));
        if (report.LargestHoles.Count > 0)
        {
            output.WriteLine("  largest gaps");
            foreach (CoverageHole hole in report.LargestHoles)
            {
                output.WriteLine(string.Create(Invariant, $"    {IsoTime.ToText(hole.From)} -> {IsoTime.ToText(hole.To)}  {DurationText.Short(hole.Length),10}  {hole.Reason}"));
            }
        }

        if (report.Defects.Count == 0)
        {
            output.WriteLine("  defects      none");
        }
        else
        {
            output.WriteLine("  defects");
            foreach (DefectTally tally in report.Defects.Values)
            {
                string more = tally.Count > tally.FirstLines.Count ? ", ..." : string.Empty;
                output.WriteLine(string.Create(Invariant, $"    {DefectNames.Of(tally.Kind),-22}{tally.Count,8:N0}  line {string.Join(", ", tally.FirstLines)}{more}"));
            }
        }

        double score = report.Score;
        output.WriteLine(string.Create(Invariant, $"  quality score {score:0.00} / 100  {(score >= minScore ? "PASS" : "FAIL")} (min {minScore:0.##})"));
    }

    public static void WriteJson(Stream output, IReadOnlyList<ValidationReport> reports, IReadOnlyList<(string Path, string Error)> errors, double minScore)
    {
        using Utf8JsonWriter json = new(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteNumber("min_score", minScore);
        json.WriteStartArray("files");
        foreach (ValidationReport report in reports)
        {
            json.WriteStartObject();
            json.WriteString("path", report.Path);
            json.WriteNumber("bytes", report.Bytes);
            json.WriteNumber("lines", report.Lines);
            json.WriteNumber("snapshots", report.Snapshots);
            json.WriteNumber("sessions", report.Sessions);
            json.WriteNumber("gap_lines", report.GapLines);
            ReportFields.WriteTime(json, "first", report.First);
            ReportFields.WriteTime(json, "last", report.Last);
            json.WriteNumber("duration_s", Math.Round(report.Duration.TotalSeconds, 6));
            json.WriteNumber("coverage", Math.Round(report.Coverage, 6));
            json.WriteNumber("max_gap_s", report.MaxGap.TotalSeconds);
            json.WriteNumber("holes", report.HoleCount);
            json.WriteNumber("uncovered_s", Math.Round(report.Uncovered.TotalSeconds, 6));
            json.WriteStartArray("largest_gaps");
            foreach (CoverageHole hole in report.LargestHoles)
            {
                json.WriteStartObject();
                json.WriteString("from", IsoTime.ToText(hole.From));
                json.WriteString("to", IsoTime.ToText(hole.To));
                json.WriteNumber("seconds", Math.Round(hole.Length.TotalSeconds, 6));
                json.WriteString("reason", hole.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("defects");
            foreach (DefectTally tally in report.Defects.Values)
            {
                json.WriteStartObject(DefectNames.Of(tally.Kind));
                json.WriteNumber("count", tally.Count);
                json.WriteStartArray("first_lines");
                foreach (long line in tally.FirstLines)
                {
                    json.WriteNumberValue(line);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteNumber("score", report.Score);
            json.WriteBoolean("pass", report.Score >= minScore);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("errors");
        foreach ((string path, string error) in errors)
        {
            json.WriteStartObject();
            json.WriteString("path", path);
            json.WriteString("error", error);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }
}
