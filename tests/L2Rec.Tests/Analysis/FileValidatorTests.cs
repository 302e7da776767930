using System.Text;
using L2Rec.Analysis;
using L2Rec.Tests.Support;

namespace L2Rec.Tests.Analysis;

public sealed class FileValidatorTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 10, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _tmp = TempFolder.ForCaller(nameof(FileValidatorTests));

    public void Dispose() => _tmp.Dispose();

    /// <summary>An hour of perfect data: start, 3600 book lines one second apart, end.</summary>
    private static DataFileBuilder PerfectHour(Action<DataFileBuilder, int>? at = null)
    {
        DataFileBuilder file = new DataFileBuilder().Start(T0);
        for (int i = 1; i <= 3600; i++)
        {
            if (at is null)
            {
                file.Book(T0.AddSeconds(i), i);
            }
            else
            {
                at(file, i);
            }
        }

        return file.End(T0.AddSeconds(3601));
    }

    private ValidationReport Validate(DataFileBuilder file) => new FileValidator().Validate(file.Save(_tmp.File(Guid.NewGuid() + ".jsonl")));

    [Fact]
    public void A_perfect_file_scores_100()
    {
        ValidationReport report = Validate(PerfectHour());
        report.Defects.Should().BeEmpty();
        report.Snapshots.Should().Be(3600);
        report.Lines.Should().Be(3602);
        report.Coverage.Should().Be(1);
        report.Score.Should().Be(100);
        report.Duration.Should().Be(TimeSpan.FromSeconds(3601));
    }

    [Theory]
    [InlineData(DefectKind.ChecksumMismatch, 5)]
    [InlineData(DefectKind.CrossedBook, 2)]
    [InlineData(DefectKind.UnsortedLevels, 2)]
    [InlineData(DefectKind.DuplicateLevels, 2)]
    [InlineData(DefectKind.NonPositive, 2)]
    [InlineData(DefectKind.TooManyLevels, 2)]
    [InlineData(DefectKind.MissingField, 2)]
    [InlineData(DefectKind.Unparseable, 2)]
    [InlineData(DefectKind.DuplicateSnapshot, 1)]
    [InlineData(DefectKind.TimeBackwards, 2)]
    public void Each_defect_is_found_on_its_line_and_costs_its_weight(DefectKind kind, double weight)
    {
        const int BadAt = 1000;
        ValidationReport report = Validate(PerfectHour((file, i) =>
        {
            if (i != BadAt)
            {
                file.Book(T0.AddSeconds(i), i);
                return;
            }

            switch (kind)
            {
                case DefectKind.ChecksumMismatch:
                    file.Book(T0.AddSeconds(i), i, checksum: 12345);
                    break;
                case DefectKind.CrossedBook:
                    file.Book(T0.AddSeconds(i), i, bids: b => [("67890.1", "1.00000000"), .. b.Skip(1)]);
                    break;
                case DefectKind.UnsortedLevels:
                    file.Book(T0.AddSeconds(i), i, bids: b => [b[1], b[0], .. b.Skip(2)]);
                    break;
                case DefectKind.DuplicateLevels:
                    file.Book(T0.AddSeconds(i), i, asks: a => [a[0], a[0], .. a.Skip(2)]);
                    break;
                case DefectKind.NonPositive:
                    file.Book(T0.AddSeconds(i), i, bids: b => [.. b.Take(9), ("67880.0", "0.00000000")]);
                    break;
                case DefectKind.TooManyLevels:
                    file.Book(T0.AddSeconds(i), i, bids: b => [.. b, ("67880.0", "1.00000000")]);
                    break;
                case DefectKind.MissingField:
                    file.Raw($"{{\"type\":\"book\",\"recv\":\"{DataFileBuilder.Time(T0.AddSeconds(i))}\",\"bids\":[],\"asks\":[]}}");
                    break;
                case DefectKind.Unparseable:
                    file.Raw("{\"type\":\"book\",");
                    break;
                case DefectKind.DuplicateSnapshot:
                    file.Book(T0.AddSeconds(i - 1), i);
                    break;
                case DefectKind.TimeBackwards:
                    file.Book(T0.AddSeconds(i - 2), i);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind));
            }
        }));

        report.Defects.Keys.Should().Equal(kind);
        report.Defects[kind].Count.Should().Be(1);
        report.Defects[kind].FirstLines.Should().Equal(BadAt + 1L);
        report.Score.Should().BeApproximately(100 * report.Coverage - weight, 0.011);
    }

    [Fact]
    public void A_torn_last_line_costs_one_point()
    {
        DataFileBuilder file = new DataFileBuilder().Start(T0);
        for (int i = 1; i <= 3600; i++)
        {
            file.Book(T0.AddSeconds(i), i);
        }

        ValidationReport report = Validate(file.Torn("{\"type\":\"book\",\"exch"));
        report.Defects.Should().ContainKey(DefectKind.TornLine).WhoseValue.FirstLines.Should().Equal(3602L);
        report.Score.Should().Be(99);
    }

    [Fact]
    public void A_ten_minute_hole_costs_its_share_of_the_span_and_is_listed_with_its_reason()
    {
        ValidationReport report = Validate(PerfectHour((file, i) =>
        {
            if (i is > 1000 and <= 1600)
            {
                if (i == 1600)
                {
                    file.Gap(T0.AddSeconds(1000), T0.AddSeconds(1601), "disconnect");
                }

                return;
            }

            file.Book(T0.AddSeconds(i), i);
        }));

        report.Defects.Should().BeEmpty();
        report.LargestHoles.Should().ContainSingle().Which.Should().Be(new CoverageHole(T0.AddSeconds(1000), T0.AddSeconds(1601), "disconnect"));
        report.Uncovered.Should().Be(TimeSpan.FromSeconds(601));
        report.Score.Should().Be(Math.Floor(100 * (1 - (601.0 / 3601)) * 100) / 100);
    }

    [Fact]
    public void Gap_lines_shorter_than_the_max_gap_are_uncovered_all_the_same()
    {
        // Three 3-second outages the recorder wrote down: each step is within --max-gap, each gap line still counts.
        ValidationReport report = Validate(PerfectHour((file, i) =>
        {
            if (i is 1001 or 1002 or 2001 or 2002 or 3001 or 3002)
            {
                return;
            }

            if (i is 1003 or 2003 or 3003)
            {
                file.Gap(T0.AddSeconds(i - 3), T0.AddSeconds(i), i == 2003 ? "stale" : "disconnect");
            }

            file.Book(T0.AddSeconds(i), i);
        }));

        report.HoleCount.Should().Be(3);
        report.Uncovered.Should().Be(TimeSpan.FromSeconds(9));
        report.LargestHoles.Select(h => h.Reason).Should().BeEquivalentTo("disconnect", "stale", "disconnect");
        report.Score.Should().Be(Math.Floor(100 * (1 - (9.0 / 3601)) * 100) / 100).And.BeLessThan(100);
    }

    [Fact]
    public void A_gap_line_inside_a_longer_hole_is_not_counted_twice()
    {
        ValidationReport report = Validate(PerfectHour((file, i) =>
        {
            if (i is > 1000 and < 1601)
            {
                return;
            }

            if (i == 1601)
            {
                file.Gap(T0.AddSeconds(1000), T0.AddSeconds(1400), "disconnect");
                file.Gap(T0.AddSeconds(1300), T0.AddSeconds(1600), "stale");
            }

            file.Book(T0.AddSeconds(i), i);
        }));

        report.LargestHoles.Should().Equal(new CoverageHole(T0.AddSeconds(1000), T0.AddSeconds(1601), "disconnect"));
        report.Uncovered.Should().Be(TimeSpan.FromSeconds(601));
    }

    [Fact]
    public void A_gap_line_of_no_length_is_a_hole_and_keeps_the_score_below_100()
    {
        ValidationReport report = Validate(PerfectHour((file, i) =>
        {
            if (i == 1000)
            {
                file.Gap(T0.AddSeconds(999), T0.AddSeconds(999), "disconnect");
            }

            file.Book(T0.AddSeconds(i), i);
        }));

        report.HoleCount.Should().Be(1);
        report.Coverage.Should().Be(1);
        report.Score.Should().Be(99.99);
    }

    [Fact]
    public void The_readme_worked_example_scores_77_31()
    {
        DataFileBuilder file = PerfectHour((file, i) =>
        {
            if (i is > 1000 and < 1601)
            {
                return;
            }

            if (i == 1601)
            {
                file.Gap(T0.AddSeconds(1000), T0.AddSeconds(1601), "disconnect");
            }

            file.Book(T0.AddSeconds(i), i, checksum: i == 2000 ? 1u : null);
        });
        ValidationReport report = Validate(file.Torn("{\"type\":\"bo"));
        report.Score.Should().Be(77.31);
    }

    [Fact]
    public void The_fast_path_for_canonical_book_lines_agrees_with_the_general_reader()
    {
        // The same lines with their keys reversed can only be read by the general reader.
        DataFileBuilder canonical = PerfectHour((file, i) =>
        {
            uint? checksum = i % 97 == 0 ? 1u : null;
            Func<List<(string P, string Q)>, List<(string P, string Q)>>? bids = i % 89 == 0 ? b => [b[1], b[0], .. b.Skip(2)] : null;
            file.Book(T0.AddSeconds(i % 500 == 0 ? i - 1 : i), i, bids: bids, checksum: checksum);
        });
        string canonicalPath = canonical.Save(_tmp.File("canonical.jsonl"));
        string reversedPath = _tmp.File("reversed.jsonl");
        File.WriteAllLines(reversedPath, File.ReadLines(canonicalPath).Select(Reverse));

        ValidationReport fast = new FileValidator().Validate(canonicalPath);
        ValidationReport general = new FileValidator().Validate(reversedPath);
        fast.Defects.Should().NotBeEmpty();
        general.Defects.Keys.Should().Equal(fast.Defects.Keys);
        general.Defects.Values.Select(d => (d.Count, d.FirstLines.ToArray())).Should().BeEquivalentTo(fast.Defects.Values.Select(d => (d.Count, d.FirstLines.ToArray())), o => o.WithStrictOrdering());
        general.Snapshots.Should().Be(fast.Snapshots);
        general.Score.Should().Be(fast.Score);
    }

    [Theory]
    [InlineData("[[067890.0,1.00000000]]")]
    [InlineData("[[67890.,1.00000000]]")]
    [InlineData("[[67890.0,1.00000000],]")]
    public void Numbers_and_arrays_json_does_not_allow_are_unparseable_on_either_path(string bids)
    {
        string line = $"{{\"type\":\"book\",\"exchange\":\"kraken\",\"symbol\":\"BTC/USD\",\"time\":\"2025-10-23T10:00:00.000000Z\",\"recv\":\"2025-10-23T10:00:00.000000Z\",\"bids\":{bids},\"asks\":[],\"checksum\":0}}";
        ValidationReport report = Validate(new DataFileBuilder().Start(T0).Raw(line));
        report.Defects.Keys.Should().Equal(DefectKind.Unparseable);
    }

    private static string Reverse(string line)
    {
        using System.Text.Json.JsonDocument document = System.Text.Json.JsonDocument.Parse(line);
        using MemoryStream buffer = new();
        using (System.Text.Json.Utf8JsonWriter writer = new(buffer, new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (System.Text.Json.JsonProperty property in document.RootElement.EnumerateObject().Reverse())
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public void A_restart_hole_is_named_as_such()
    {
        DataFileBuilder file = new DataFileBuilder().Start(T0);
        file.Book(T0.AddSeconds(1)).End(T0.AddSeconds(2)).Start(T0.AddSeconds(60)).Book(T0.AddSeconds(61), 1).End(T0.AddSeconds(62));
        ValidationReport report = Validate(file);
        report.LargestHoles.Should().ContainSingle().Which.Reason.Should().Be("restart");
        report.Sessions.Should().Be(2);
    }

    [Fact]
    public void Legacy_ccxt_lines_count_as_snapshots_but_cap_the_score()
    {
        DataFileBuilder file = new();
        for (int i = 0; i < 100; i++)
        {
            file.Ccxt(T0.AddSeconds(i));
        }

        ValidationReport report = Validate(file);
        report.Snapshots.Should().Be(100);
        report.Defects.Should().ContainKey(DefectKind.UnverifiedSnapshot);
        report.Score.Should().Be(90);
    }

    [Fact]
    public void Bad_input_never_crashes()
    {
        Validate(new DataFileBuilder()).Score.Should().Be(0, "an empty file has no data");

        string garbage = _tmp.File("garbage.jsonl");
        byte[] random = new byte[100_000];
        new Random(3).NextBytes(random);
        File.WriteAllBytes(garbage, random);
        new FileValidator().Validate(garbage).Defects.Should().ContainKey(DefectKind.Unparseable);

        string nested = _tmp.File("nested.jsonl");
        File.WriteAllText(nested, new string('[', 100_000) + "\n" + "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "\n");
        new FileValidator().Validate(nested).Defects[DefectKind.Unparseable].Count.Should().Be(2);

        string utf8 = _tmp.File("utf8.jsonl");
        File.WriteAllBytes(utf8, [.. "{\"type\":\"gap\",\"detail\":\""u8, 0xC3, 0x28, .. "\"}\n"u8]);
        new FileValidator().Validate(utf8).Defects.Should().ContainKey(DefectKind.Unparseable);

        Action directory = () => new FileValidator().Validate(_tmp.Path);
        directory.Should().Throw<IOException>();
        Action missing = () => new FileValidator().Validate(_tmp.File("missing.jsonl"));
        missing.Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void A_100_MB_line_is_skipped_in_bounded_memory_and_reading_goes_on()
    {
        string path = _tmp.File("huge.jsonl");
        using (FileStream stream = File.Create(path))
        {
            stream.Write(Encoding.ASCII.GetBytes(new DataFileBuilder().Start(T0).Book(T0.AddSeconds(1)).Save(_tmp.File("head.tmp"))).Length == 0 ? [] : File.ReadAllBytes(_tmp.File("head.tmp")));
            byte[] chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'x');
            for (int i = 0; i < 100; i++)
            {
                stream.Write(chunk);
            }

            stream.Write("\n"u8);
            stream.Write(File.ReadAllBytes(new DataFileBuilder().Book(T0.AddSeconds(2), 2).Save(_tmp.File("tail.tmp"))));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        ValidationReport report = new FileValidator().Validate(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        report.Defects.Keys.Should().Equal(DefectKind.LineTooLong);
        report.Defects[DefectKind.LineTooLong].FirstLines.Should().Equal(3L);
        report.Snapshots.Should().Be(2);
        allocated.Should().BeLessThan(16L << 20, "the line is skipped, not held (lines stop at 4 MiB)");
    }
}
