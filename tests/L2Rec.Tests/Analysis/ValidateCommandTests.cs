using L2Rec.Cli;
using L2Rec.Tests.Support;

namespace L2Rec.Tests.Analysis;

public sealed class ValidateCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 10, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _tmp = TempFolder.ForCaller(nameof(ValidateCommandTests));

    public void Dispose() => _tmp.Dispose();

    private string Good(string name)
    {
        DataFileBuilder file = new DataFileBuilder().Start(T0);
        for (int i = 1; i <= 60; i++)
        {
            file.Book(T0.AddSeconds(i), i);
        }

        return file.End(T0.AddSeconds(61)).Save(_tmp.File(name));
    }

    [Fact]
    public void Exit_codes_follow_the_worst_file()
    {
        string good = Good("good.jsonl");
        string bad = new DataFileBuilder().Start(T0).Book(T0.AddSeconds(1)).Book(T0.AddSeconds(2), 1, checksum: 1).Book(T0.AddSeconds(200), 2).Save(_tmp.File("bad.jsonl"));

        ValidateCommand.Run([good], null, 70, json: false, new StringWriter(), new StringWriter()).Should().Be(0);
        ValidateCommand.Run([good, bad], null, 70, json: false, new StringWriter(), new StringWriter()).Should().Be(1);
        StringWriter error = new();
        ValidateCommand.Run([good, bad, _tmp.File("missing.jsonl")], null, 70, json: false, new StringWriter(), error).Should().Be(2);
        error.ToString().Should().Contain("cannot read").And.Contain("missing.jsonl: no such file");
        ValidateCommand.Run([_tmp.Path], null, 70, json: false, new StringWriter(), new StringWriter()).Should().Be(2);
    }

    [Fact]
    public void The_text_report_names_everything_and_json_follows_the_schema()
    {
        string file = Good("good.jsonl");
        StringWriter text = new();
        ValidateCommand.Run([file], null, 70, json: false, text, new StringWriter());
        text.ToString().Should().Contain("snapshots  60").And.Contain("coverage   100.00 %").And.Contain("quality score 100.00 / 100  PASS");

        StringWriter json = new();
        ValidateCommand.Run([file], null, 70, json: true, json, new StringWriter()).Should().Be(0);
        using System.Text.Json.JsonDocument document = System.Text.Json.JsonDocument.Parse(json.ToString());
        System.Text.Json.JsonElement report = document.RootElement.GetProperty("files")[0];
        report.GetProperty("snapshots").GetInt64().Should().Be(60);
        report.GetProperty("score").GetDouble().Should().Be(100);
        report.GetProperty("pass").GetBoolean().Should().BeTrue();
        report.GetProperty("defects").EnumerateObject().Should().BeEmpty();
    }

    [Fact]
    public void Durations_read_in_their_natural_unit()
    {
        // 13 s of span with a 3-second outage: seconds, not "0.00 h uncovered" beside 76.92 %.
        DataFileBuilder file = new DataFileBuilder().Start(T0);
        for (int i = 1; i <= 5; i++)
        {
            file.Book(T0.AddSeconds(i), i);
        }

        file.Gap(T0.AddSeconds(5), T0.AddSeconds(8), "disconnect");
        for (int i = 8; i <= 12; i++)
        {
            file.Book(T0.AddSeconds(i), i);
        }

        string path = file.End(T0.AddSeconds(13)).Save(_tmp.File("short.jsonl"));
        StringWriter text = new();
        ValidateCommand.Run([path], null, 70, json: false, text, new StringWriter());

        text.ToString().Should().Contain("duration     13.0 s        coverage   76.92 %")
            .And.Contain("max gap      5.0 s         holes      1 (3.0 s uncovered)")
            .And.Contain("2025-10-23T10:00:05.000000Z -> 2025-10-23T10:00:08.000000Z       3.0 s  disconnect")
            .And.NotContain(" h ");
    }
}
