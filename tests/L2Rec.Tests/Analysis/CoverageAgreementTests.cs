using L2Rec.Analysis;
using L2Rec.Cli;
using L2Rec.Tests.Support;

namespace L2Rec.Tests.Analysis;

/// <summary>validate and diagnose measure one file's coverage by one definition, so they print the same number.</summary>
public sealed class CoverageAgreementTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 10, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _tmp = TempFolder.ForCaller(nameof(CoverageAgreementTests));

    public void Dispose() => _tmp.Dispose();

    public static TheoryData<string> Files => [.. Builders.Keys];

    private static readonly Dictionary<string, Func<DataFileBuilder>> Builders = new()
    {
        ["clean"] = () => Books(new DataFileBuilder().Start(T0), 1, 600).End(T0.AddSeconds(601)),
        ["short gap lines"] = () =>
        {
            DataFileBuilder file = new DataFileBuilder().Start(T0);
            Books(file, 1, 100).Gap(T0.AddSeconds(100), T0.AddSeconds(103), "stale");
            Books(file, 103, 200).Gap(T0.AddSeconds(200), T0.AddSeconds(202.5), "checksum");
            Books(file, 203, 300).Gap(T0.AddSeconds(300), T0.AddSeconds(301), "disconnect");
            return Books(file, 301, 400).End(T0.AddSeconds(401));
        },
        ["holes without gap lines"] = () =>
        {
            DataFileBuilder file = new DataFileBuilder().Start(T0);
            Books(file, 1, 100);
            Books(file, 160, 200);
            Books(file, 221, 300);
            return file.End(T0.AddSeconds(340));
        },
        ["long gap line inside a hole"] = () =>
        {
            DataFileBuilder file = new DataFileBuilder().Start(T0);
            Books(file, 1, 100).Gap(T0.AddSeconds(100), T0.AddSeconds(150), "disconnect");
            return Books(file, 152, 300).End(T0.AddSeconds(301));
        },
        ["restarts"] = () =>
        {
            DataFileBuilder file = new DataFileBuilder().Start(T0);
            Books(file, 1, 100).End(T0.AddSeconds(100.5));
            Books(file.Start(T0.AddSeconds(130)), 131, 200).End(T0.AddSeconds(201));
            Books(file.Start(T0.AddSeconds(203)), 204, 250);
            Books(file.Start(T0.AddSeconds(400)), 401, 500);
            return file;
        },
        ["torn tail"] = () => Books(new DataFileBuilder().Start(T0), 1, 300).Torn("{\"type\":\"book\",\"exchange\":\"kra"),
        ["gap from the start and until the end"] = () =>
        {
            DataFileBuilder file = new DataFileBuilder().Start(T0).Gap(T0, T0.AddSeconds(40), "disconnect");
            return Books(file, 40, 200).Gap(T0.AddSeconds(200), T0.AddSeconds(230), "stale").End(T0.AddSeconds(230));
        },
        ["two second interval"] = () =>
        {
            DataFileBuilder file = new DataFileBuilder().Start(T0, intervalMs: 2000);
            for (int i = 2; i <= 200; i += 2)
            {
                file.Book(T0.AddSeconds(i), i);
            }

            for (int i = 208; i <= 400; i += 2)
            {
                file.Book(T0.AddSeconds(i), i);
            }

            return file.End(T0.AddSeconds(430));
        },
        ["continued past midnight"] = () => Books(new DataFileBuilder().Start(T0, continues: true), 0, 100).Gap(T0.AddSeconds(100), T0.AddSeconds(101), "error"),
        ["time backwards and duplicates"] = () =>
        {
            DataFileBuilder file = Books(new DataFileBuilder().Start(T0), 1, 100);
            file.Book(T0.AddSeconds(90), 1).Book(T0.AddSeconds(100), 2);
            return Books(file, 120, 200).End(T0.AddSeconds(200));
        },
        ["legacy ccxt"] = () =>
        {
            DataFileBuilder file = new();
            for (int i = 0; i < 300; i++)
            {
                file.Ccxt(T0.AddSeconds(i < 150 ? i : i + 30));
            }

            return file;
        },
        ["session without books"] = () => new DataFileBuilder().Start(T0).Gap(T0, T0.AddSeconds(30), "disconnect").End(T0.AddSeconds(30)),
    };

    private static DataFileBuilder Books(DataFileBuilder file, int from, int to)
    {
        for (int i = from; i <= to; i++)
        {
            file.Book(T0.AddSeconds(i), i);
        }

        return file;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Validate_and_diagnose_agree_on_one_files_coverage(string name)
    {
        string path = Builders[name]().Save(_tmp.File("l2_BTCUSD_20251023.jsonl"));
        foreach (TimeSpan? maxGap in new TimeSpan?[] { null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30) })
        {
            ValidationReport validated = new FileValidator(maxGap).Validate(path);
            SymbolDiagnosis diagnosed = new CollectionDiagnoser(maxGap).Diagnose(_tmp.Path, null).Should().ContainSingle().Subject;
            DiagnosedFile file = diagnosed.Files.Should().ContainSingle().Subject;
            string because = $"{name} with max gap {maxGap?.ToString() ?? "by default"}";

            diagnosed.Coverage.Should().Be(validated.Coverage, because);
            file.Coverage.Should().Be(validated.Coverage, because);
            file.First.Should().Be(validated.First, because);
            file.Last.Should().Be(validated.Last, because);
            file.Uncovered.Should().Be(validated.Uncovered, because);
            file.GapsInside.Should().Be((int)validated.HoleCount, because);
            file.MaxGap.Should().Be(validated.MaxGap, because);
            if (!file.IsEmpty)
            {
                diagnosed.Span.Should().Be(validated.Duration, because);
                diagnosed.Uncovered.Should().Be(validated.Uncovered, because);
                diagnosed.Gaps.Select(g => (g.From, g.To, g.Reason)).Should().BeEquivalentTo(validated.LargestHoles.Select(h => (h.From, h.To, h.Reason)), because);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_two_text_reports_print_the_same_coverage(string name)
    {
        string path = Builders[name]().Save(_tmp.File("l2_BTCUSD_20251023.jsonl"));
        foreach (TimeSpan? maxGap in new TimeSpan?[] { null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30) })
        {
            StringWriter validate = new();
            ValidateCommand.Run([path], maxGap, 0, json: false, validate, TextWriter.Null);
            StringWriter diagnose = new();
            DiagnoseCommand.Run(_tmp.Path, null, maxGap, 0, json: false, diagnose, TextWriter.Null);

            string percent = validate.ToString().Split('\n').Single(l => l.Contains("coverage", StringComparison.Ordinal)).Split("coverage")[1].Trim();
            diagnose.ToString().Should().Contain($"Coverage: {percent}\n", name);
        }
    }

    [Fact]
    public void Three_short_gap_lines_are_three_holes_in_both_reports()
    {
        string path = Builders["short gap lines"]().Save(_tmp.File("l2_BTCUSD_20251023.jsonl"));

        ValidationReport validated = new FileValidator().Validate(path);
        validated.HoleCount.Should().Be(3);
        validated.Uncovered.Should().Be(TimeSpan.FromSeconds(6.5));
        validated.Score.Should().Be(Math.Floor(100 * (1 - (6.5 / 401)) * 100) / 100).And.BeLessThan(100);

        SymbolDiagnosis diagnosed = new CollectionDiagnoser(null).Diagnose(_tmp.Path, null).Single();
        diagnosed.Gaps.Select(g => g.Reason).Should().Equal("stale", "checksum", "disconnect");
        diagnosed.Gaps.Should().OnlyContain(g => g.Where == "inside l2_BTCUSD_20251023.jsonl");
    }
}
