using System.Globalization;
using System.Text.Json;
using L2Rec.Time;

namespace L2Rec.Analysis;

/// <summary>Writes diagnose's reports: the text for people (the four lines SPEC 4 names among them) and JSON for machines.</summary>
public static class DiagnoseReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void WriteText(TextWriter output, SymbolDiagnosis d)
    {
        output.WriteLine($"Symbol: {d.SymbolToken}");
        output.WriteLine($"Exchange: {(d.Exchange.Length == 0 ? "unknown" : d.Exchange)}");
        output.WriteLine(string.Create(Invariant, $"Files: {d.Files.Count}"));
        output.WriteLine(string.Create(Invariant, $"Empty files: {d.EmptyFiles}"));
        foreach (DiagnosedFile file in d.Files)
        {
            string span = file.IsEmpty ? "empty" : string.Create(Invariant, $"{ReportFields.Time(file.First)} -> {ReportFields.Time(file.Last)}  {DurationText.Short(file.Span),9}  coverage {ReportFields.Percent(file.Coverage),8}  {file.GapsInside} gap(s) inside");
            output.WriteLine(string.Create(Invariant, $"  {file.Name.DisplayName,-34} {Size(file.Bytes),10}  {span}"));
        }

        output.WriteLine($"Total duration: {DurationText.Long(d.Recorded)}");
        output.WriteLine($"Span: {DurationText.Long(d.Span)}");
        output.WriteLine($"Coverage: {ReportFields.Percent(d.Coverage)}");
        output.WriteLine($"Longest continuous run: {DurationText.Long(d.LongestRun)}");
        output.WriteLine(string.Create(Invariant, $"Gaps found: {d.Gaps.Count}"));
        foreach (CollectionGap gap in d.Gaps.OrderByDescending(g => g.Length).Take(10))
        {
            output.WriteLine(string.Create(Invariant, $"  {ReportFields.Time(gap.From)} -> {ReportFields.Time(gap.To)}  {DurationText.Short(gap.Length),9}  {gap.Reason,-11}  {gap.Where}"));
        }

        output.WriteLine($"Data quality: {d.Rating}");
    }

    public static void WriteJson(Stream output, string directory, IReadOnlyList<SymbolDiagnosis> symbols, double minScore)
    {
        using Utf8JsonWriter json = new(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("data_dir", directory);
        json.WriteNumber("min_score", minScore);
        json.WriteStartArray("symbols");
        foreach (SymbolDiagnosis d in symbols)
        {
            json.WriteStartObject();
            json.WriteString("exchange", d.Exchange);
            json.WriteString("symbol", d.SymbolToken);
            json.WriteNumber("file_count", d.Files.Count);
            json.WriteNumber("empty_files", d.EmptyFiles);
            json.WriteStartArray("files");
            foreach (DiagnosedFile file in d.Files)
            {
                json.WriteStartObject();
                json.WriteString("name", file.Name.DisplayName);
                json.WriteBoolean("legacy_fragment", file.Name.IsLegacyFragment);
                json.WriteNumber("bytes", file.Bytes);
                json.WriteBoolean("empty", file.IsEmpty);
                json.WriteNumber("snapshots", file.Snapshots);
                ReportFields.WriteTime(json, "first", file.First);
                ReportFields.WriteTime(json, "last", file.Last);
                json.WriteNumber("span_s", Math.Round(file.Span.TotalSeconds, 6));
                json.WriteNumber("coverage", Math.Round(file.Coverage, 6));
                json.WriteNumber("gaps_inside", file.GapsInside);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("gaps");
            foreach (CollectionGap gap in d.Gaps)
            {
                json.WriteStartObject();
                json.WriteString("from", IsoTime.ToText(gap.From));
                json.WriteString("to", IsoTime.ToText(gap.To));
                json.WriteNumber("seconds", Math.Round(gap.Length.TotalSeconds, 6));
                json.WriteString("where", gap.Where);
                json.WriteString("reason", gap.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("total_duration_s", Math.Round(d.Recorded.TotalSeconds, 6));
            json.WriteNumber("span_s", Math.Round(d.Span.TotalSeconds, 6));
            json.WriteNumber("coverage", Math.Round(d.Coverage, 6));
            json.WriteNumber("longest_run_s", Math.Round(d.LongestRun.TotalSeconds, 6));
            json.WriteString("rating", d.Rating);
            json.WriteNumber("score", d.Score);
            json.WriteBoolean("pass", d.Score >= minScore);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(Invariant, $"{bytes} B"),
        < 1024 * 1024 => string.Create(Invariant, $"{bytes / 1024.0:0.0} KB"),
        < 1024L * 1024 * 1024 => string.Create(Invariant, $"{bytes / (1024.0 * 1024):0.0} MB"),
        _ => string.Create(Invariant, $"{bytes / (1024.0 * 1024 * 1024):0.00} GB"),
    };
}
