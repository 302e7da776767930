using System.Text.Json;

namespace L2Rec.Tests.Support;

/// <summary>Reads a data file back as parsed lines; fails the test on any line that is not a whole JSON object.</summary>
public static class JsonlFile
{
    public static List<JsonElement> Read(string path)
    {
        string text = File.ReadAllText(path);
        text.Should().EndWith("\n", "every line ends with a newline");
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    public static string Type(this JsonElement line) =>
        line.GetProperty("type").GetString() == "session" ? "session " + line.GetProperty("event").GetString() : line.GetProperty("type").GetString()!;
}
