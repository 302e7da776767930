using System.Text.Json;
using L2Rec.IntegrationTests.Support;

namespace L2Rec.IntegrationTests;

/// <summary>The recorder process on Binance spot and USD-M against the simulator over loopback: clean runs, every fault, a kill.</summary>
public sealed class BinanceEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static async Task<(L2RecProcess Process, string WebSocket, string RestApi)> StartSimulator(params string[] args)
    {
        (L2RecProcess simulator, _) = await SimulatorProcess.StartAsync(args);
        await simulator.WaitUntilAsync(() => simulator.Stdout.Contains("http://", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "REST endpoint");
        string[] lines = simulator.Stdout.Trim().Split('\n');
        return (simulator, lines[0].Trim(), lines[1].Trim());
    }

    private static IEnumerable<JsonElement> Books(string[] files) =>
        files.SelectMany(f => RecordingChecker.ReadLines(f).Lines)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .Where(l => l.GetProperty("type").GetString() == "book");

    [Theory]
    [InlineData("binance")]
    [InlineData("binance-usdm")]
    public async Task Two_symbols_record_a_proven_line_per_second_each_and_validate_at_100(string exchange)
    {
        using TempFolder tmp = TempFolder.ForCaller();
        (int code, _, string stderr) = await L2RecProcess.RunAsync(
            Patience, "record", "--simulate", "--exchange", exchange, "--symbol", "BTCUSDT,eth/usdt", "--depth", "20", "--duration", "15s", "--data-dir", tmp.Path);
        code.Should().Be(0, stderr);

        foreach (string symbol in new[] { "BTCUSDT", "ETHUSDT" })
        {
            string[] files = tmp.DataFiles(symbol);
            RecordingChecker check = RecordingChecker.Check(files);
            check.Problems.Should().BeEmpty();
            check.Gaps.Should().BeEmpty();
            // Start-up (instruments, one snapshot at a time, the first event joining it) takes a few seconds on a
            // loaded box; the checker above already refuses any stretch over 5 s without a line or a gap.
            check.Books.Should().BeInRange(9, 16, symbol);
            using JsonDocument start = JsonDocument.Parse(RecordingChecker.ReadLines(files[0]).Lines[0]);
            start.RootElement.GetProperty("exchange").GetString().Should().Be(exchange);
            start.RootElement.GetProperty("symbol").GetString().Should().Be(symbol);
            start.RootElement.GetProperty("proof").EnumerateArray().Select(e => e.GetString()).Should().Equal("sequence");
            Books(files).Select(b => (HasSeq: b.TryGetProperty("seq", out JsonElement _), HasChecksum: b.TryGetProperty("checksum", out JsonElement _)))
                .Should().OnlyContain(b => b.HasSeq && !b.HasChecksum);
            Books(files).Should().OnlyContain(b => b.GetProperty("bids").GetArrayLength() <= 20 && b.GetProperty("asks").GetArrayLength() <= 20);
        }

        (int validate, string report, string errors) = await L2RecProcess.RunAsync(Patience, ["validate", "--json", .. tmp.DataFiles("BTCUSDT"), .. tmp.DataFiles("ETHUSDT")]);
        validate.Should().Be(0, errors + report);
        using JsonDocument document = JsonDocument.Parse(report);
        document.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("score").GetDouble()).Should().AllSatisfy(score => score.Should().Be(100));
    }

    [Theory]
    [InlineData("binance", "--drop-every", "150", "sequence")]
    [InlineData("binance-usdm", "--drop-every", "150", "sequence")]
    [InlineData("binance", "--disconnect-every", "6s", "disconnect")]
    public async Task A_fault_heals_into_the_right_gap_line_and_recording_goes_on(string exchange, string flag, string value, string reason)
    {
        using TempFolder tmp = TempFolder.ForCaller();
        (L2RecProcess simulator, string ws, string rest) = await StartSimulator("--exchange", exchange, "--symbol", "BTCUSDT,ETHUSDT", "--rate", "40", flag, value);
        using (simulator)
        {
            (int code, _, string stderr) = await L2RecProcess.RunAsync(
                Patience, "record", "--exchange", exchange, "--symbol", "BTCUSDT,ETHUSDT", "--ws-url", ws, "--rest-url", rest, "--duration", "20s", "--data-dir", tmp.Path);
            code.Should().Be(0, stderr);
        }

        string[] files = [.. tmp.DataFiles("BTCUSDT"), .. tmp.DataFiles("ETHUSDT")];
        RecordingChecker check = RecordingChecker.Check(files);
        check.Problems.Should().BeEmpty();
        check.Gaps.Should().NotBeEmpty();
        check.Gaps.Select(g => g.GetProperty("reason").GetString()).Should().AllBe(reason);
        string firstTo = check.Gaps.Select(g => g.GetProperty("to").GetString()!).Min(StringComparer.Ordinal)!;
        Books(files).Select(b => b.GetProperty("recv").GetString()!).Should().Contain(recv => string.CompareOrdinal(recv, firstTo) > 0, "recording went on after the first outage");
    }

    [Fact]
    public async Task A_stale_snapshot_and_rate_limits_are_waited_out_without_a_book_from_an_unjoined_chain()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        (L2RecProcess simulator, string ws, string rest) = await StartSimulator(
            "--exchange", "binance", "--symbol", "BTCUSDT,ETHUSDT,SOLUSDT", "--stale-snapshot", "2", "--rate-limit-every", "3");
        using (simulator)
        {
            (int code, _, string stderr) = await L2RecProcess.RunAsync(
                Patience, "record", "--exchange", "binance", "--symbol", "BTCUSDT,ETHUSDT,SOLUSDT", "--ws-url", ws, "--rest-url", rest, "--duration", "15s", "--data-dir", tmp.Path);
            code.Should().Be(0, stderr);
        }

        foreach (string symbol in new[] { "BTCUSDT", "ETHUSDT", "SOLUSDT" })
        {
            RecordingChecker check = RecordingChecker.Check(tmp.DataFiles(symbol));
            check.Problems.Should().BeEmpty("a wait for a usable snapshot is written down as a gap, never left unexplained");
            check.Books.Should().BeGreaterThan(5, symbol);
            check.Gaps.Select(g => g.GetProperty("reason").GetString()).Where(r => r is not ("sequence" or "error")).Should().BeEmpty();
        }
    }

    [Fact]
    public async Task Sigkill_then_restart_resumes_the_binance_file()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        string[] record = ["record", "--simulate", "--exchange", "binance", "--symbol", "BTCUSDT", "--data-dir", tmp.Path, "--interval", "0"];
        using (L2RecProcess first = L2RecProcess.Start(record))
        {
            await first.WaitUntilAsync(() => tmp.DataFiles("BTCUSDT").Length > 0 && RecordingChecker.ReadLines(tmp.DataFile("BTCUSDT")).Lines.Length > 30, Patience, "30 lines");
            first.Signal(L2RecProcess.SIGKILL);
            (await first.WaitForExitAsync(Patience)).Should().Be(137);
        }

        (int code, _, string stderr) = await L2RecProcess.RunAsync(Patience, [.. record, "--duration", "4s"]);
        code.Should().Be(0, stderr);
        stderr.Should().Contain("RESUMING: Will append to existing file");
        RecordingChecker check = RecordingChecker.Check(tmp.DataFiles("BTCUSDT"));
        check.Problems.Should().BeEmpty();
        check.Sessions.Should().Be(2);
        string.Join('\n', RecordingChecker.ReadLines(tmp.DataFile("BTCUSDT")).Lines).Should().Contain("\"resumed\":true");
    }
}
