using L2Rec.Analysis;
using L2Rec.Cli;
using L2Rec.Recording;
using L2Rec.Tests.Support;

namespace L2Rec.Tests.Analysis;

/// <summary>diagnose and merge over the kind of collection older recorders left behind.</summary>
public sealed class CollectionTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 10, 23, 18, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _tmp = TempFolder.ForCaller(nameof(CollectionTests));

    public void Dispose() => _tmp.Dispose();

    /// <summary>
    /// The seed's collection: 4 fragments, 2 of them empty, 2.00 h then (after a 234.4-minute hole) 1.92 h of data,
    /// the second running past UTC midnight; one fragment in this format, one ccxt-shaped, with 5 lines repeated.
    /// </summary>
    private void SeedCollection()
    {
        DataFileBuilder first = new DataFileBuilder().Start(T0);
        for (int i = 0; i <= 7200; i++)
        {
            first.Book(T0.AddSeconds(i), i);
        }

        first.Save(_tmp.File("l2_BTCUSD_20251023_180000.jsonl"));

        DateTimeOffset second = T0.AddSeconds(7200).AddMinutes(234.4);
        DataFileBuilder ccxt = new();
        for (int i = 0; i <= 6912; i++)
        {
            ccxt.Ccxt(second.AddSeconds(i));
        }

        for (int i = 0; i < 5; i++)
        {
            ccxt.Ccxt(second.AddSeconds(6912));
        }

        ccxt.Save(_tmp.File("l2_BTCUSD_20251023_235424.jsonl"));
        File.WriteAllText(_tmp.File("l2_BTCUSD_20251023_235000.jsonl"), string.Empty);
        File.WriteAllText(_tmp.File("l2_BTCUSD_20251024_010000.jsonl"), string.Empty);
    }

    private static long CountLines(string path) => File.ReadLines(path).LongCount();

    [Fact]
    public void The_seed_collection_is_diagnosed_as_fragmented_and_poor()
    {
        SeedCollection();
        StringWriter output = new();
        int code = DiagnoseCommand.Run(_tmp.Path, "BTCUSD", CollectionDiagnoser.DefaultMaxGap, 70, json: false, output, TextWriter.Null);
        string report = output.ToString();

        code.Should().Be((int)ExitCode.Failure);
        report.Should().Contain("Files: 4\n").And.Contain("Empty files: 2\n").And.Contain("Total duration: 3.92 hours\n")
            .And.Contain("Gaps found: 1\n").And.Contain("3.91 h  unexplained  between l2_BTCUSD_20251023_180000.jsonl and l2_BTCUSD_20251023_235424.jsonl").And.Contain("Data quality: POOR\n").And.Contain("Longest continuous run: 2.00 hours");
    }

    [Fact]
    public void A_healthy_day_file_is_excellent()
    {
        DataFileBuilder day = new DataFileBuilder().Start(T0);
        for (int i = 0; i < 3600; i++)
        {
            day.Book(T0.AddSeconds(i), i);
        }

        day.Save(_tmp.File("l2_BTCUSD_20251023.jsonl"));
        StringWriter output = new();
        DiagnoseCommand.Run(_tmp.Path, null, CollectionDiagnoser.DefaultMaxGap, 70, json: false, output, TextWriter.Null).Should().Be(0);
        output.ToString().Should().Contain("Files: 1\n").And.Contain("Total duration: 1.00 hours\n").And.Contain("Gaps found: 0\n").And.Contain("Data quality: EXCELLENT\n");
    }

    [Fact]
    public void Day_files_join_at_midnight_and_gaps_between_and_inside_files_carry_their_reasons()
    {
        DateTimeOffset midnight = new(2025, 10, 24, 0, 0, 0, TimeSpan.Zero);
        DataFileBuilder day1 = new DataFileBuilder().Start(midnight.AddSeconds(-600));
        for (int i = 599; i >= 1; i--)
        {
            day1.Book(midnight.AddSeconds(-i), i);
        }

        day1.End(midnight, "midnight").Save(_tmp.File("l2_BTCUSD_20251023.jsonl"));

        // Continued past midnight: no gap between the files. Then a 2-second outage, then a restart 60 s later.
        DataFileBuilder day2 = new DataFileBuilder().Start(midnight, continues: true);
        for (int i = 1; i <= 100; i++)
        {
            day2.Book(midnight.AddSeconds(i), i);
        }

        day2.Gap(midnight.AddSeconds(100), midnight.AddSeconds(102), "disconnect");
        for (int i = 102; i <= 200; i++)
        {
            day2.Book(midnight.AddSeconds(i), i);
        }

        day2.Save(_tmp.File("l2_BTCUSD_20251024.jsonl"));
        DataFileBuilder fragment = new DataFileBuilder().Start(midnight.AddSeconds(260));
        for (int i = 261; i <= 300; i++)
        {
            fragment.Book(midnight.AddSeconds(i), i);
        }

        fragment.Save(_tmp.File("l2_BTCUSD_20251024_000420.jsonl"));

        SymbolDiagnosis diagnosis = new CollectionDiagnoser(null).Diagnose(_tmp.Path, null).Single();

        diagnosis.Gaps.Should().Equal(
            new CollectionGap(midnight.AddSeconds(100), midnight.AddSeconds(102), "inside l2_BTCUSD_20251024.jsonl", "disconnect"),
            new CollectionGap(midnight.AddSeconds(200), midnight.AddSeconds(260), "between l2_BTCUSD_20251024.jsonl and l2_BTCUSD_20251024_000420.jsonl", "restart"));
        diagnosis.Span.Should().Be(TimeSpan.FromSeconds(900));
        diagnosis.Recorded.Should().Be(TimeSpan.FromSeconds(838));
        diagnosis.LongestRun.Should().Be(TimeSpan.FromSeconds(700));
        diagnosis.Coverage.Should().Be(1 - (62.0 / 900));
    }

    [Fact]
    public void Merge_makes_one_file_per_utc_date_without_losing_a_line()
    {
        SeedCollection();
        long before = Directory.GetFiles(_tmp.Path, "l2_*.jsonl").Sum(CountLines);

        StringWriter output = new();
        MergeCommand.Run(_tmp.Path, null, dryRun: false, output).Should().Be(0);

        string[] after = [.. Directory.GetFiles(_tmp.Path, "l2_*.jsonl").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        after.Should().Equal("l2_BTCUSD_20251023.jsonl", "l2_BTCUSD_20251024.jsonl");
        long merged = after.Sum(name => CountLines(_tmp.File(name)));
        merged.Should().Be(before - 5, "only the 5 exact duplicates are dropped");
        output.ToString().Should().Contain("exact duplicates dropped: 5");

        Directory.GetFiles(_tmp.File("legacy")).Select(Path.GetFileName).Should().BeEquivalentTo("l2_BTCUSD_20251023_180000.jsonl", "l2_BTCUSD_20251023_235424.jsonl");
        File.Exists(_tmp.File("l2_BTCUSD_20251023_235000.jsonl")).Should().BeFalse("empty fragments are removed");

        // Time order within each day, and every line on its own UTC date.
        foreach (string name in after)
        {
            DateOnly date = DateOnly.ParseExact(name[10..18], "yyyyMMdd");
            List<DateTimeOffset> times = [.. File.ReadLines(_tmp.File(name)).Select(l => LineTime.TryAny(System.Text.Encoding.UTF8.GetBytes(l), out DateTimeOffset t) ? t : default)];
            times.Should().BeInAscendingOrder().And.OnlyContain(t => DateOnly.FromDateTime(t.UtcDateTime) == date);
        }

        // The merged collection reads as two date files with the same recorded time.
        StringWriter diagnosis = new();
        DiagnoseCommand.Run(_tmp.Path, null, CollectionDiagnoser.DefaultMaxGap, 0, json: false, diagnosis, TextWriter.Null);
        diagnosis.ToString().Should().Contain("Files: 2\n").And.Contain("Total duration: 3.92 hours\n");
    }

    [Fact]
    public void Merge_merges_into_an_existing_date_file_instead_of_overwriting_it()
    {
        new DataFileBuilder().Start(T0.AddHours(-8)).Book(T0.AddHours(-8).AddSeconds(1)).Save(_tmp.File("l2_BTCUSD_20251023.jsonl"));
        new DataFileBuilder().Start(T0).Book(T0.AddSeconds(1), 1).Save(_tmp.File("l2_BTCUSD_20251023_180000.jsonl"));
        MergeCommand.Run(_tmp.Path, "BTCUSD", dryRun: false, TextWriter.Null).Should().Be(0);
        List<string> lines = [.. File.ReadLines(_tmp.File("l2_BTCUSD_20251023.jsonl"))];
        lines.Should().HaveCount(4);
        lines[1].Should().Contain("10:00:01");
        lines[3].Should().Contain("18:00:01");
    }

    [Fact]
    public void Dry_run_changes_nothing()
    {
        SeedCollection();
        string[] before = [.. Directory.GetFiles(_tmp.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        StringWriter output = new();
        MergeCommand.Run(_tmp.Path, null, dryRun: true, output).Should().Be(0);
        Directory.GetFiles(_tmp.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Should().Equal(before);
        output.ToString().Should().Contain("Plan (dry run").And.Contain("l2_BTCUSD_20251024.jsonl");
    }

    [Fact]
    public void Merge_refuses_files_a_running_recorder_holds()
    {
        SeedCollection();
        using FileLock held = FileLock.Acquire(_tmp.File("l2_BTCUSD_20251023_180000.jsonl"), 4242);
        Action merge = () => MergeCommand.Run(_tmp.Path, null, dryRun: false, TextWriter.Null);
        merge.Should().Throw<L2RecException>().Where(e => e.ExitCode == ExitCode.Locked && e.Message.Contains("PID 4242"));
        File.Exists(_tmp.File("l2_BTCUSD_20251023_180000.jsonl")).Should().BeTrue();
    }
}
