using System.Text.Json;
using L2Rec.IntegrationTests.Support;

namespace L2Rec.IntegrationTests;

/// <summary>
/// The real process tells the truth about how a run went: a bad start fails at once in one line before any file exists,
/// a run that recorded nothing does not exit 0, and one pair the exchange stops listing ends alone.
/// </summary>
public sealed class HonestOutcomeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_log_file_that_cannot_be_written_fails_at_start_in_one_line()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        (int code, string stdout, string stderr) = await L2RecProcess.RunAsync(
            Patience, "record", "--simulate", "--symbol", "BTC/USD", "--data-dir", tmp.Path, "--duration", "5s", "--log-file", "/proc/x/l2rec.log");

        code.Should().Be(2);
        stderr.Trim().Split('\n').Should().ContainSingle().Which.Should().StartWith("l2rec: --log-file '/proc/x/l2rec.log' cannot be written");
        stdout.Should().BeEmpty();
        Directory.GetFiles(tmp.Path).Should().BeEmpty("nothing is recorded without its log");
    }

    [Fact]
    public async Task The_log_file_says_exactly_what_stderr_said()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        string log = tmp.File("l2rec.log");
        (int code, _, string stderr) = await L2RecProcess.RunAsync(
            Patience, "record", "--simulate", "--symbol", "BTC/USD", "--data-dir", tmp.Path, "--duration", "3s", "--log-file", log);
        code.Should().Be(0, stderr);

        // Past the timestamp, every line is the same text: no value quoted in one and bare in the other.
        static string[] Bodies(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Length > 24 ? l[24..] : l)];
        string[] fromStderr = Bodies(stderr);
        Bodies(await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken)).Should().Equal(fromStderr);
        fromStderr.Should().Contain(l => l.Contains("Stopped (Duration)", StringComparison.Ordinal)).And.NotContain(l => l.Contains('"'));
    }

    [Fact]
    public async Task An_unusable_data_dir_is_one_line_without_false_advice_and_exit_2()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        await File.WriteAllTextAsync(tmp.File("plain-file"), "x", TestContext.Current.CancellationToken);
        string log = tmp.File("l2rec.log");
        (int code, _, string stderr) = await L2RecProcess.RunAsync(
            Patience, "record", "--simulate", "--symbol", "BTC/USD", "--data-dir", tmp.File("plain-file"), "--duration", "5s", "--log-file", log);

        code.Should().Be(2);
        string[] errors = [.. stderr.Split('\n').Where(l => l.Contains("cannot create --data-dir", StringComparison.Ordinal))];
        errors.Should().ContainSingle("the error is said once on stderr").Which.Should().StartWith("l2rec: ");
        stderr.Should().NotContain("[ERR]").And.NotContain("restart to resume").And.NotContain("   at ");
        (await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken)).Should().Contain("[ERR] cannot create --data-dir", "the log file, read without stderr, has it too");
    }

    [Fact]
    public async Task A_run_that_never_records_a_book_exits_1_saying_why()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        int port = SimulatorProcess.ClosedPort();
        (int code, _, string stderr) = await L2RecProcess.RunAsync(
            Patience, "record", "--symbol", "BTC/USD", "--ws-url", $"ws://127.0.0.1:{port}/v2", "--duration", "4s", "--data-dir", tmp.Path);

        code.Should().Be(1, stderr);
        stderr.Split('\n').Should().ContainSingle(l => l.StartsWith("l2rec: ", StringComparison.Ordinal))
            .Which.Should().StartWith($"l2rec: no book was recorded in 4.0 s: disconnect: connect to ws://127.0.0.1:{port}/v2 failed");
        stderr.Should().Contain("Could not check the symbols");
        RecordingChecker check = RecordingChecker.Check(tmp.DataFiles("BTC/USD"));
        check.Problems.Should().BeEmpty();
        check.Gaps.Should().ContainSingle("the outage is written down all the same");
    }

    [Fact]
    public async Task Symbols_the_exchange_does_not_list_are_refused_before_any_file_is_created()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        (L2RecProcess simulator, string url) = await SimulatorProcess.StartAsync("--symbol", "BTC/USD,ETH/USD");
        using (simulator)
        {
            (int code, string stdout, string stderr) = await L2RecProcess.RunAsync(
                Patience, "record", "--symbol", "BTC/USD,FOO/BAR,ETH/USD,XBT/USDT", "--ws-url", url, "--duration", "5s", "--data-dir", tmp.Path);

            code.Should().Be(2, stderr);
            stderr.Split('\n').Should().ContainSingle(l => l.StartsWith("l2rec: ", StringComparison.Ordinal))
                .Which.Should().Contain("does not list FOO/BAR, XBT/USDT:").And.NotContain("BTC/USD,").And.NotContain("ETH/USD");
            stdout.Should().BeEmpty();
        }

        Directory.Exists(tmp.Path).Should().BeTrue();
        Directory.GetFiles(tmp.Path).Should().BeEmpty("no file, not even a stub, for a run that was refused");
    }

    [Fact]
    public async Task A_pair_delisted_mid_run_ends_alone_with_its_end_line_while_the_other_records_on()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        (L2RecProcess simulator, string url) = await SimulatorProcess.StartAsync("--symbol", "BTC/USD,ETH/USD", "--rate", "50", "--delist", "ETH/USD@4s");
        using (simulator)
        {
            (int code, _, string stderr) = await L2RecProcess.RunAsync(
                Patience, "record", "--symbol", "BTC/USD,ETH/USD", "--ws-url", url, "--duration", "10s", "--data-dir", tmp.Path);

            code.Should().Be(0, stderr);
            stderr.Should().Contain("ETH/USD: recording ended, kraken lists it as delisted; the other symbols go on");
        }

        string[] eth = RecordingChecker.ReadLines(tmp.DataFile("ETH/USD")).Lines;
        using JsonDocument end = JsonDocument.Parse(eth[^1]);
        end.RootElement.GetProperty("reason").GetString().Should().Be("delisted");
        string ethEnd = end.RootElement.GetProperty("time").GetString()!;

        RecordingChecker btc = RecordingChecker.Check(tmp.DataFiles("BTC/USD"));
        btc.Problems.Should().BeEmpty();
        btc.Gaps.Should().BeEmpty("the other pair's book never stopped");
        RecordingChecker.ReadLines(tmp.DataFile("BTC/USD")).Lines
            .Where(l => l.Contains("\"type\":\"book\"", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("recv").GetString()!)
            .Count(recv => string.CompareOrdinal(recv, ethEnd) > 0).Should().BeGreaterThanOrEqualTo(3);
    }
}
