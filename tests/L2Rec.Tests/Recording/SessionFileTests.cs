using System.Text;
using L2Rec.Recording;
using L2Rec.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;

namespace L2Rec.Tests.Recording;

public sealed class SessionFileTests
{
    private static readonly DateOnly Day = new(2025, 10, 23);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 10, 23, 12, 0, 0, TimeSpan.Zero));

    private static SessionFileRequest Request(TempFolder tmp, bool resume = true, int pid = 4242, string symbol = "BTC/USD") => new()
    {
        DataDirectory = tmp.Path,
        Exchange = "kraken",
        Symbol = symbol,
        UtcDate = Day,
        Resume = resume,
        Pid = pid,
    };

    [Fact]
    public void A_new_file_is_named_by_symbol_and_utc_date_and_logged_as_new()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        CollectingLog log = new();
        using (SessionFile file = SessionFile.Open(Request(tmp), _time, log.Logger))
        {
            file.FilePath.Should().Be(tmp.File("l2_BTCUSD_20251023.jsonl"));
            file.Resumed.Should().BeFalse();
            file.Append("{\"a\":1}\n"u8);
        }

        log.Messages.Should().ContainInOrder($"Output: {tmp.File("l2_BTCUSD_20251023.jsonl")}", "Mode: NEW (overwrite)", "File mode: w (overwrite)");
        File.ReadAllText(tmp.File("l2_BTCUSD_20251023.jsonl")).Should().Be("{\"a\":1}\n");
    }

    [Fact]
    public void An_existing_file_is_appended_to_with_the_resume_log_lines()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        string path = tmp.File("l2_BTCUSD_20251023.jsonl");
        File.WriteAllText(path, "{\"type\":\"session\",\"event\":\"start\",\"exchange\":\"kraken\",\"symbol\":\"BTC/USD\"}\n");
        CollectingLog log = new();
        using (SessionFile file = SessionFile.Open(Request(tmp), _time, log.Logger))
        {
            file.Resumed.Should().BeTrue();
            file.Append("{\"b\":2}\n"u8);
        }

        log.Messages.Should().ContainInOrder(
            "⚠️  File already exists: l2_BTCUSD_20251023.jsonl", "⚠️  Size: 74 B", "⚠️  RESUMING: Will append to existing file", $"Output: {path}", "File mode: a (append)");
        File.ReadAllLines(path).Should().HaveCount(2).And.EndWith("{\"b\":2}");
    }

    [Fact]
    public void A_torn_last_line_is_cut_before_appending_and_the_bytes_dropped_are_logged()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        string path = tmp.File("l2_BTCUSD_20251023.jsonl");
        File.WriteAllText(path, "{\"x\":1}\n{\"x\":2}\n{\"type\":\"bo");
        CollectingLog log = new();
        using (SessionFile file = SessionFile.Open(Request(tmp), _time, log.Logger))
        {
            file.Append("{\"x\":3}\n"u8);
        }

        File.ReadAllText(path).Should().Be("{\"x\":1}\n{\"x\":2}\n{\"x\":3}\n");
        log.Messages.Should().Contain(m => m.Contains("11 bytes dropped", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_of_another_symbol_is_refused()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        string path = tmp.File("l2_BTCUSD_20251023.jsonl");
        File.WriteAllText(path, "{\"type\":\"session\",\"event\":\"start\",\"exchange\":\"kraken\",\"symbol\":\"ETH/USD\"}\n");
        Action open = () => SessionFile.Open(Request(tmp), _time, Logger.None);
        open.Should().Throw<SessionFileMismatchException>().WithMessage("*ETH/USD*refusing to append*");
        FileLock.IsHeld(path, out _).Should().BeFalse("a refused open releases its lock");
    }

    [Fact]
    public void No_resume_keeps_the_old_bytes_exactly_as_a_bak_file()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        string path = tmp.File("l2_BTCUSD_20251023.jsonl");
        byte[] old = Encoding.UTF8.GetBytes("{\"type\":\"book\"}\n{\"partial\"");
        File.WriteAllBytes(path, old);
        using (SessionFile file = SessionFile.Open(Request(tmp, resume: false), _time, Logger.None))
        {
            file.Resumed.Should().BeFalse();
        }

        File.ReadAllBytes(tmp.File("l2_BTCUSD_20251023.jsonl.20251023T120000Z.bak")).Should().Equal(old);
        new FileInfo(path).Length.Should().Be(0);
    }

    [Fact]
    public void Two_no_resume_runs_in_one_second_keep_both_earlier_files_under_distinct_names()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        string path = tmp.File("l2_BTCUSD_20251023.jsonl");
        List<byte[]> versions = [];
        for (int run = 0; run < 3; run++)
        {
            using SessionFile file = SessionFile.Open(Request(tmp, resume: false), _time, new CollectingLog().Logger);
            byte[] line = Encoding.UTF8.GetBytes($"{{\"run\":{run}}}\n");
            file.Append(line);
            versions.Add(line);
        }

        // The clock did not move: every backup was made in the same UTC second.
        string[] backups = [.. Directory.GetFiles(tmp.Path, "*.bak").Order(StringComparer.Ordinal)];
        backups.Select(Path.GetFileName).Should().Equal(
            "l2_BTCUSD_20251023.jsonl.20251023T120000Z.2.bak",
            "l2_BTCUSD_20251023.jsonl.20251023T120000Z.bak");
        File.ReadAllBytes(backups[1]).Should().Equal(versions[0]);
        File.ReadAllBytes(backups[0]).Should().Equal(versions[1]);
        File.ReadAllBytes(path).Should().Equal(versions[2]);
    }

    [Fact]
    public void Only_a_failed_write_says_the_file_ends_on_a_whole_line()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        string notADirectory = tmp.File("plain-file");
        File.WriteAllText(notADirectory, "x");

        RecordingWriteException open = FluentActions.Invoking(() => SessionFile.Open(Request(tmp) with { DataDirectory = notADirectory }, _time, new CollectingLog().Logger))
            .Should().Throw<RecordingWriteException>().Which;

        open.FileEndsOnWholeLine.Should().BeFalse();
        open.UnusableDataDirectory.Should().BeTrue();
    }

    [Fact]
    public void A_second_writer_is_refused_naming_the_holders_pid_and_the_lock_is_released_on_dispose()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        using (SessionFile first = SessionFile.Open(Request(tmp, pid: 4242), _time, Logger.None))
        {
            Action second = () => SessionFile.Open(Request(tmp, pid: 5353), _time, Logger.None);
            second.Should().Throw<FileLockedException>().Which.HolderPid.Should().Be(4242);
        }

        using SessionFile again = SessionFile.Open(Request(tmp, pid: 5353), _time, Logger.None);
        again.Resumed.Should().BeFalse();
    }

    [Fact]
    public void A_stale_lock_file_without_a_live_holder_does_not_block()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        File.WriteAllText(FileLock.LockPathFor(tmp.File("l2_BTCUSD_20251023.jsonl")), "999999\n");
        using SessionFile file = SessionFile.Open(Request(tmp), _time, Logger.None);
        file.FilePath.Should().EndWith("l2_BTCUSD_20251023.jsonl");
    }

    [Fact]
    public void A_failed_write_leaves_the_file_ending_on_a_whole_line()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        SessionFileRequest request = Request(tmp) with { OpenStream = (path, mode) => new DiskFullStream(path, mode, capacity: 20) };
        SessionFile file = SessionFile.Open(request, _time, Logger.None);
        file.Append("{\"line\":1}\n"u8);
        file.FlushToOs();
        file.Append("{\"line\":2}\n"u8);
        Action flush = file.FlushToOs;
        flush.Should().Throw<RecordingWriteException>().WithMessage("*No space left on device*").Which.FileEndsOnWholeLine.Should().BeTrue();
        file.Failed.Should().BeTrue();
        file.Dispose();
        File.ReadAllText(tmp.File("l2_BTCUSD_20251023.jsonl")).Should().Be("{\"line\":1}\n");
    }

    [Fact]
    public void An_unusable_data_dir_is_a_clear_write_error()
    {
        using TempFolder tmp = TempFolder.ForCaller();
        File.WriteAllText(tmp.File("not-a-dir"), "x");
        SessionFileRequest request = Request(tmp) with { DataDirectory = Path.Combine(tmp.File("not-a-dir"), "sub") };
        Action open = () => SessionFile.Open(request, _time, Logger.None);
        open.Should().Throw<RecordingWriteException>().WithMessage("cannot create --data-dir*");
    }
}

/// <summary>A file that holds <c>capacity</c> bytes, then writes part of what it is given and fails as a full disk does.</summary>
internal sealed class DiskFullStream(string path, FileMode mode, long capacity) : FileStream(path, mode, FileAccess.ReadWrite, FileShare.Read, 1)
{
    public override void Write(byte[] buffer, int offset, int count)
    {
        long room = capacity - Position;
        if (count <= room)
        {
            base.Write(buffer, offset, count);
            return;
        }

        base.Write(buffer, offset, (int)Math.Max(room, 0));
        base.Flush();
        throw new IOException("No space left on device");
    }
}
