using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using L2Rec.IntegrationTests.Support;

namespace L2Rec.IntegrationTests;

/// <summary>
/// Real faults against the real process, each checked afterwards by <see cref="RecordingChecker"/>, which shares no
/// code with l2rec. CI runs the short sizes; <c>tools/chaos</c> the long ones.
/// </summary>
public sealed partial class TortureTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static long WholeLength(byte[] bytes) => Array.LastIndexOf(bytes, (byte)'\n') + 1;

    [Fact]
    public async Task Sigkill_at_random_instants_loses_nothing_but_torn_tails_and_every_restart_repairs_them()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        // Disconnects every few seconds put some kills in the middle of a reconnect.
        (L2RecProcess simulator, string url) = await SimulatorProcess.StartAsync("--symbol", "BTC/USD,ETH/USD", "--rate", "100", "--disconnect-every", "4s");
        using (simulator)
        {
            Random random = new(2024);
            Dictionary<string, byte[]> before = [];
            int tornTails = 0;
            int killedWhileWriting = 0;
            for (int kill = 0; kill < ChaosSettings.Kills; kill++)
            {
                string interval = kill % 2 == 0 ? "0" : "1s";
                long sizeBefore = Directory.GetFiles(tmp.Path, "l2_*.jsonl").Sum(f => new FileInfo(f).Length);
                using L2RecProcess recorder = L2RecProcess.Start("record", "--symbol", "BTC/USD,ETH/USD", "--ws-url", url, "--interval", interval, "--data-dir", tmp.Path);

                // One kill in four lands while the process is still starting; the others once data flows, at a random
                // instant up to 1.5 s later (mid-write, mid-fsync, mid-reconnect: the simulator drops every 4 s).
                if (kill % 4 == 3)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 400)), TestContext.Current.CancellationToken);
                }
                else
                {
                    await recorder.WaitUntilAsync(() => Directory.GetFiles(tmp.Path, "l2_*.jsonl").Sum(f => new FileInfo(f).Length) > sizeBefore, Patience, "data reaching the file");
                    await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 1500)), TestContext.Current.CancellationToken);
                    killedWhileWriting++;
                }

                recorder.Signal(L2RecProcess.SIGKILL);
                (await recorder.WaitForExitAsync(Patience)).Should().Be(137);

                foreach (string file in Directory.GetFiles(tmp.Path, "l2_*.jsonl"))
                {
                    byte[] now = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
                    if (before.TryGetValue(file, out byte[]? old))
                    {
                        long keep = WholeLength(old);
                        now.Length.Should().BeGreaterThanOrEqualTo((int)keep, $"kill {kill}: {Path.GetFileName(file)} lost data");
                        now.AsSpan(0, (int)keep).SequenceEqual(old.AsSpan(0, (int)keep)).Should().BeTrue($"kill {kill}: every whole line before the restart is kept byte for byte");
                    }

                    tornTails += WholeLength(now) < now.Length ? 1 : 0;
                    before[file] = now;
                }
            }

            (int code, _, string stderr) = await L2RecProcess.RunAsync(Patience, "record", "--symbol", "BTC/USD,ETH/USD", "--ws-url", url, "--duration", "3s", "--data-dir", tmp.Path);
            code.Should().Be(0, stderr);

            long lines = 0;
            foreach (string symbol in new[] { "BTC/USD", "ETH/USD" })
            {
                string[] files = tmp.DataFiles(symbol);
                RecordingChecker check = RecordingChecker.Check(files);
                check.Problems.Should().BeEmpty();
                // A session killed before its first line wrote nothing at all (the start line comes with the first data).
                check.Sessions.Should().BeGreaterThanOrEqualTo(killedWhileWriting);
                check.Sessions.Should().Be(check.CrashStarts + check.Ends, "every session ends with its end line or is followed by a crash-start");
                lines += check.Lines;
                foreach (string file in files)
                {
                    byte[] final = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
                    long keep = WholeLength(before[file]);
                    final.AsSpan(0, (int)keep).SequenceEqual(before[file].AsSpan(0, (int)keep)).Should().BeTrue();
                }
            }

            ChaosSettings.Report("SIGKILL at random instants (interval 0 and 1 s, reconnects every 4 s), then restart", ChaosSettings.Kills, lines, 0, $"{killedWhileWriting} kills while writing, {ChaosSettings.Kills - killedWhileWriting} while starting; {tornTails} torn tails seen and repaired");
        }
    }

    [Fact]
    public async Task Sigkill_around_utc_midnight_then_restart_keeps_both_days_whole()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        DateTimeOffset midnight = new(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        // Four seconds before midnight leaves room for a slow start on a loaded machine.
        double offset = (midnight - now - TimeSpan.FromSeconds(4)).TotalSeconds;
        string offsetText = offset.ToString("R", CultureInfo.InvariantCulture);

        (L2RecProcess simulator, string url) = await SimulatorProcess.StartAsync("--symbol", "BTC/USD", "--rate", "50");
        using (simulator)
        {
            using (L2RecProcess recorder = Start(offsetText, "record", "--symbol", "BTC/USD", "--ws-url", url, "--interval", "0", "--data-dir", tmp.Path))
            {
                await recorder.WaitUntilAsync(() => tmp.DataFiles("BTC/USD").Length == 2 && new FileInfo(tmp.DataFiles("BTC/USD")[1]).Length > 0, Patience, "the next day's file");
                recorder.Signal(L2RecProcess.SIGKILL);
                await recorder.WaitForExitAsync(Patience);
            }

            using (L2RecProcess restart = Start(offsetText, "record", "--symbol", "BTC/USD", "--ws-url", url, "--duration", "3s", "--data-dir", tmp.Path))
            {
                (await restart.WaitForExitAsync(Patience)).Should().Be(0, restart.Stderr);
            }
        }

        string[] files = tmp.DataFiles("BTC/USD");
        files.Should().HaveCount(2);
        RecordingChecker check = RecordingChecker.Check(files);
        check.Problems.Should().BeEmpty();
        RecordingChecker.ReadLines(files[0]).Lines[^1].Should().Contain("\"reason\":\"midnight\"");
        RecordingChecker.ReadLines(files[1]).Lines[0].Should().Contain("\"continues\":true");
        ChaosSettings.Report("SIGKILL just after UTC midnight rollover (shifted clock), then restart", 1, check.Lines, 0);
    }

    [Fact]
    public async Task A_session_crossing_utc_midnight_continues_in_the_next_file_without_gap_or_duplicate()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        DateTimeOffset midnight = new(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        string offset = (midnight - now - TimeSpan.FromSeconds(5)).TotalSeconds.ToString("R", CultureInfo.InvariantCulture);
        using L2RecProcess recorder = Start(offset, "record", "--simulate", "--symbol", "BTC/USD", "--duration", "10s", "--data-dir", tmp.Path);
        (await recorder.WaitForExitAsync(Patience)).Should().Be(0, recorder.Stderr);

        string[] files = tmp.DataFiles("BTC/USD");
        files.Should().HaveCount(2);
        RecordingChecker check = RecordingChecker.Check(files);
        check.Problems.Should().BeEmpty();
        check.Gaps.Should().BeEmpty();
        check.Books.Should().BeInRange(8, 10);
        check.Ends.Should().Be(2, "a midnight end and the duration end");
    }

    [Fact]
    public async Task A_full_disk_is_a_clear_error_with_a_valid_file_and_a_restart_after_freeing_space_resumes_it()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        string mount = tmp.File("tmpfs");
        Directory.CreateDirectory(mount);
        (int mounted, string mountError) = Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount);
        if (mounted != 0)
        {
            Assert.Skip($"cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): {mountError.Trim()}");
        }

        try
        {
            (L2RecProcess simulator, string url) = await SimulatorProcess.StartAsync("--symbol", "BTC/USD", "--rate", "3000");
            using (simulator)
            {
                (int code, _, string stderr) = await L2RecProcess.RunAsync(Patience, "record", "--symbol", "BTC/USD", "--ws-url", url, "--interval", "0", "--depth", "25", "--data-dir", mount, "--duration", "60s");
                code.Should().Be(1);
                stderr.Should().Contain("No space left on device").And.Contain("restart to resume it").And.NotContain("   at ");
                string file = Directory.GetFiles(mount, "l2_*.jsonl").Single();
                byte[] full = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
                full.Should().NotBeEmpty();
                full[^1].Should().Be((byte)'\n', "the file is cut back to its last whole line");
                RecordingChecker.Check(file).Problems.Should().BeEmpty();

                Run("mount", "-o", "remount,size=16m", mount).Code.Should().Be(0);
                (code, _, stderr) = await L2RecProcess.RunAsync(Patience, "record", "--symbol", "BTC/USD", "--ws-url", url, "--data-dir", mount, "--duration", "2s");
                code.Should().Be(0, stderr);
                stderr.Should().Contain("RESUMING: Will append to existing file");
                byte[] resumed = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
                resumed.AsSpan(0, full.Length).SequenceEqual(full).Should().BeTrue("nothing written before the disk filled is lost");
                RecordingChecker check = RecordingChecker.Check(file);
                check.Problems.Should().BeEmpty();
                ChaosSettings.Report("disk full (1 MiB tmpfs), then restart after freeing space", 1, check.Lines, 0);
            }
        }
        finally
        {
            Run("umount", "-l", mount);
        }
    }

    [Fact]
    public async Task A_server_that_accepts_but_never_answers_is_left_after_10_s_and_retried_gently()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        (L2RecProcess simulator, string url) = await SimulatorProcess.StartAsync("--symbol", "BTC/USD", "--stall-after", "0");
        using (simulator)
        {
            (int code, _, string stderr) = await L2RecProcess.RunAsync(Patience, "record", "--symbol", "BTC/USD", "--ws-url", url, "--duration", "25s", "--data-dir", tmp.Path);
            code.Should().Be(1, "no book was ever recorded: " + stderr);
            stderr.Should().Contain("l2rec: no book was recorded in 25.0 s: stale");
            int attempts = Regex.Matches(stderr, "Connection lost \\(Stale").Count;
            attempts.Should().BeInRange(1, 2, "10 s of silence, then 1 s and 2 s of backoff: at most 2 stale connections in 25 s");
            RecordingChecker check = RecordingChecker.Check(tmp.DataFiles("BTC/USD"));
            check.Problems.Should().BeEmpty();
            check.Books.Should().Be(0);
            check.Gaps.Should().ContainSingle().Which.GetProperty("reason").GetString().Should().Be("stale");
        }
    }

    [Fact]
    public async Task A_server_that_refuses_connections_for_a_while_is_retried_with_capped_backoff_and_recording_resumes()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        int port = SimulatorProcess.ClosedPort();

        int refuse = ChaosSettings.RefuseSeconds;
        using L2RecProcess recorder = L2RecProcess.Start("record", "--symbol", "BTC/USD", "--ws-url", $"ws://127.0.0.1:{port}/v2", "--duration", $"{refuse + 40}s", "--data-dir", tmp.Path);
        await Task.Delay(TimeSpan.FromSeconds(refuse), TestContext.Current.CancellationToken);
        using L2RecProcess simulator = L2RecProcess.Start("simulate", "--port", port.ToString(CultureInfo.InvariantCulture), "--symbol", "BTC/USD");
        (await recorder.WaitForExitAsync(TimeSpan.FromSeconds(refuse + 120))).Should().Be(0, recorder.Stderr);

        List<double> delays = [.. DelayPattern().Matches(recorder.Stderr).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
        delays.Should().NotBeEmpty().And.OnlyContain(d => d <= 30.0);
        // Never hammering: the attempts fit the 1, 2, 4 ... 30 s schedule (at most one more for jitter).
        int scheduled = 1;
        for (double t = 0; t < refuse; scheduled++)
        {
            t += Math.Min(Math.Pow(2, scheduled - 1), 30) * 0.8;
        }

        delays.Count.Should().BeLessThanOrEqualTo(scheduled + 1);

        RecordingChecker check = RecordingChecker.Check(tmp.DataFiles("BTC/USD"));
        check.Problems.Should().BeEmpty();
        check.Books.Should().BeGreaterThan(10, "recording resumed once the server came back");
        check.Gaps.Should().ContainSingle().Which.GetProperty("reason").GetString().Should().Be("disconnect");
        ChaosSettings.Report($"server refusing connections for {refuse} s", delays.Count, check.Lines, 0, $"longest backoff {delays.Max():0.0} s");
    }

    private static L2RecProcess Start(string clockOffset, params string[] args) =>
        L2RecProcess.Start(new Dictionary<string, string> { ["L2REC_TEST_CLOCK_OFFSET_SECONDS"] = clockOffset }, args);

    private static (int Code, string Error) Run(string command, params string[] args)
    {
        ProcessStartInfo info = new(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(info)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }

    [GeneratedRegex(@"reconnect \d+ in (\d+(?:\.\d+)?) s")]
    private static partial Regex DelayPattern();
}
