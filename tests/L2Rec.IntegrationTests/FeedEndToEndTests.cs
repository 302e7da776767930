using System.Text.Json;
using L2Rec.IntegrationTests.Support;

namespace L2Rec.IntegrationTests;

/// <summary>The recorder process against a simulator process over loopback, healthy and with each injected fault.</summary>
public sealed class FeedEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Sixty_seconds_of_two_books_at_50_updates_a_second_give_a_verified_line_per_second_each()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        (L2RecProcess simulator, string url) = await SimulatorProcess.StartAsync("--symbol", "BTC/USD,ETH/USD", "--rate", "50", "--seed", "42");
        using (simulator)
        {
            (int code, _, string stderr) = await L2RecProcess.RunAsync(Patience, "record", "--symbol", "BTC/USD,ETH/USD", "--ws-url", url, "--duration", "60s", "--data-dir", tmp.Path);
            code.Should().Be(0, stderr);
        }

        foreach (string symbol in new[] { "BTC/USD", "ETH/USD" })
        {
            RecordingChecker check = RecordingChecker.Check(tmp.DataFiles(symbol));
            check.Problems.Should().BeEmpty();
            check.Books.Should().BeInRange(57, 61, symbol);
            check.Gaps.Should().BeEmpty();
        }

        // The recorder's own proof agrees: every file validates at 100.
        (int validate, string report, string errors) = await L2RecProcess.RunAsync(Patience, ["validate", "--json", .. tmp.DataFiles("BTC/USD"), .. tmp.DataFiles("ETH/USD")]);
        validate.Should().Be(0, errors);
        using JsonDocument document = JsonDocument.Parse(report);
        document.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("score").GetDouble()).Should().AllSatisfy(score => score.Should().Be(100));
    }

    [Theory]
    [InlineData("--disconnect-every", "5s", "disconnect")]
    [InlineData("--stall-after", "3s", "stale")]
    [InlineData("--bad-checksum-every", "150", "checksum")]
    [InlineData("--error-frame-every", "250", "error")]
    [InlineData("--garbage-frame-every", "250", "error")]
    public async Task Each_fault_heals_into_the_right_gap_line_and_never_an_unverified_book(string flag, string value, string reason)
    {
        using TempFolder tmp = TempFolder.ForCaller();
        (L2RecProcess simulator, string url) = await SimulatorProcess.StartAsync("--symbol", "BTC/USD,ETH/USD", "--rate", "50", flag, value);
        using (simulator)
        {
            (int code, _, string stderr) = await L2RecProcess.RunAsync(Patience, "record", "--symbol", "BTC/USD,ETH/USD", "--ws-url", url, "--duration", "22s", "--data-dir", tmp.Path);
            code.Should().Be(0, stderr);
        }

        RecordingChecker check = RecordingChecker.Check([.. tmp.DataFiles("BTC/USD"), .. tmp.DataFiles("ETH/USD")]);
        check.Problems.Should().BeEmpty();
        check.Gaps.Should().NotBeEmpty();
        check.Gaps.Select(g => g.GetProperty("reason").GetString()).Should().AllBe(reason);

        // Recording went on after the first outage.
        string firstTo = check.Gaps.Select(g => g.GetProperty("to").GetString()!).Min(StringComparer.Ordinal)!;
        string[] lines = [.. tmp.DataFiles("BTC/USD").Concat(tmp.DataFiles("ETH/USD")).SelectMany(f => RecordingChecker.ReadLines(f).Lines)];
        lines.Where(l => l.Contains("\"type\":\"book\"", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("recv").GetString()!)
            .Should().Contain(recv => string.CompareOrdinal(recv, firstTo) > 0);
    }

    [Fact]
    public async Task A_server_that_refuses_connections_is_retried_with_backoff_and_the_outage_is_written()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        int port = SimulatorProcess.ClosedPort();

        (int code, _, string stderr) = await L2RecProcess.RunAsync(Patience, "record", "--symbol", "BTC/USD", "--ws-url", $"ws://127.0.0.1:{port}/v2", "--duration", "8s", "--data-dir", tmp.Path);
        code.Should().Be(1, "nothing was recorded: " + stderr);

        // Delays of at most 1, 2, 4 s (jittered down to 80 %) fit 4 or 5 attempts in 8 s: no hammering.
        int attempts = stderr.Split('\n').Count(l => l.Contains("Connection lost", StringComparison.Ordinal));
        attempts.Should().BeInRange(3, 5);
        RecordingChecker check = RecordingChecker.Check(tmp.DataFiles("BTC/USD"));
        check.Problems.Should().BeEmpty();
        check.Books.Should().Be(0);
        check.Gaps.Should().ContainSingle().Which.GetProperty("reason").GetString().Should().Be("disconnect");
    }
}
