using System.Text.Json;
using L2Rec.Feeds;
using L2Rec.Recording;
using L2Rec.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace L2Rec.Tests.Recording;

/// <summary>The session's rules under fake time: nothing here sleeps for the durations it tests.</summary>
public sealed class RecorderSessionTests : IDisposable
{
    private readonly TempFolder _tmp = TempFolder.ForCaller(nameof(RecorderSessionTests));
    private readonly CollectingLog _log = new();
    private FakeTimeProvider _time = new(new DateTimeOffset(2025, 10, 23, 10, 0, 0, TimeSpan.Zero));

    public void Dispose() => _tmp.Dispose();

    private (RecorderSession Session, ScriptedFeed Feed) Create(TimeSpan? duration, TimeSpan? interval = null, Func<string, FileMode, Stream>? open = null, params string[] symbols)
    {
        symbols = symbols.Length == 0 ? ["BTC/USD"] : symbols;
        ScriptedFeed feed = new(_time, symbols);
        RecorderSession session = new(
            new RecorderOptions
            {
                DataDirectory = _tmp.Path,
                Symbols = symbols,
                Duration = duration,
                Interval = interval ?? TimeSpan.FromSeconds(1),
                Pid = 4242,
                OpenStream = open,
            },
            feed,
            _time,
            _log.Logger);
        return (session, feed);
    }

    /// <summary>Each second: the book changes (keeping it current), then the clock moves on.</summary>
    private void Seconds(ScriptedFeed feed, int seconds, string symbol = "BTC/USD")
    {
        for (int i = 0; i < seconds; i++)
        {
            feed.Update(symbol);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private static async Task<SessionSummary> Finish(Task<SessionSummary> run) => await run.WaitAsync(TimeSpan.FromSeconds(30));

    [Fact]
    public async Task The_duration_ends_the_session_with_one_book_line_per_interval_and_an_end_line()
    {
        (RecorderSession session, ScriptedFeed feed) = Create(TimeSpan.FromSeconds(10));
        Task<SessionSummary> run = session.RunAsync(CancellationToken.None);
        await feed.Started;
        Seconds(feed, 10);
        SessionSummary summary = await Finish(run);

        summary.Reason.Should().Be(SessionEndReason.Duration);
        List<JsonElement> lines = JsonlFile.Read(_tmp.File("l2_BTCUSD_20251023.jsonl"));

        // The sample due at the very instant the duration ends may or may not be taken (timers due together).
        int books = (int)summary.Snapshots;
        books.Should().BeInRange(9, 10);
        lines.Select(l => l.Type()).Should().Equal(["session start", .. Enumerable.Repeat("book", books), "session end"]);
        lines[0].GetProperty("price_precision").GetInt32().Should().Be(1);
        lines[0].GetProperty("pid").GetInt32().Should().Be(4242);
        lines[0].GetProperty("resumed").GetBoolean().Should().BeFalse();
        lines[^1].GetProperty("reason").GetString().Should().Be("duration");
        lines[^1].GetProperty("snapshots").GetInt64().Should().Be(books);
        lines[1].GetProperty("recv").GetString().Should().Be("2025-10-23T10:00:01.000000Z");
        lines[1].GetProperty("bids")[0][0].GetRawText().Should().Be("100.0");
        lines[1].GetProperty("bids")[0][1].GetRawText().Should().Be("1.00000001");
    }

    [Fact]
    public async Task Cancellation_is_a_clean_signal_end()
    {
        (RecorderSession session, ScriptedFeed feed) = Create(null);
        using CancellationTokenSource stop = new();
        Task<SessionSummary> run = session.RunAsync(stop.Token);
        await feed.Started;
        Seconds(feed, 3);
        await stop.CancelAsync();
        (await Finish(run)).Reason.Should().Be(SessionEndReason.Signal);
        JsonlFile.Read(_tmp.File("l2_BTCUSD_20251023.jsonl"))[^1].GetProperty("reason").GetString().Should().Be("signal");
    }

    [Fact]
    public async Task A_book_that_is_lost_or_silent_is_never_written_and_the_outage_becomes_one_gap_line()
    {
        (RecorderSession session, ScriptedFeed feed) = Create(TimeSpan.FromSeconds(30));
        Task<SessionSummary> run = session.RunAsync(CancellationToken.None);
        await feed.Started;
        Seconds(feed, 3);
        feed.Lose("BTC/USD", OutageReason.Disconnect, "connection reset by peer");
        feed.Lose("BTC/USD", OutageReason.Disconnect, "connect refused");
        _time.Advance(TimeSpan.FromSeconds(5));
        Seconds(feed, 2);

        // Silent: verified but no frame for more than LiveBook.FreshFor.
        _time.Advance(TimeSpan.FromSeconds(6));
        Seconds(feed, 14);
        await Finish(run);

        List<JsonElement> lines = JsonlFile.Read(_tmp.File("l2_BTCUSD_20251023.jsonl"));
        List<JsonElement> gaps = [.. lines.Where(l => l.Type() == "gap")];
        gaps.Should().ContainSingle();
        gaps[0].GetProperty("reason").GetString().Should().Be("disconnect");
        gaps[0].GetProperty("from").GetString().Should().Be("2025-10-23T10:00:03.000000Z");
        gaps[0].GetProperty("to").GetString().Should().Be("2025-10-23T10:00:08.000000Z");
        gaps[0].GetProperty("detail").GetString().Should().Contain("connection reset by peer").And.Contain("1 failed retry");

        List<string> recv = [.. lines.Where(l => l.Type() == "book").Select(l => l.GetProperty("recv").GetString()!)];
        recv.Should().NotContain(r => string.CompareOrdinal(r, "2025-10-23T10:00:04") > 0 && string.CompareOrdinal(r, "2025-10-23T10:00:09") < 0);
        recv.Should().OnlyHaveUniqueItems();
        // Lines stop within FreshFor (3 s) of the last frame at 10:00:09 and resume with the next update.
        recv.Should().NotContain(r => string.CompareOrdinal(r, "2025-10-23T10:00:13") > 0 && string.CompareOrdinal(r, "2025-10-23T10:00:16") < 0);
    }

    [Fact]
    public async Task Interval_zero_writes_a_line_per_verified_change()
    {
        (RecorderSession session, ScriptedFeed feed) = Create(TimeSpan.FromSeconds(5), TimeSpan.Zero);
        Task<SessionSummary> run = session.RunAsync(CancellationToken.None);
        await feed.Started;
        for (int i = 0; i < 25; i++)
        {
            feed.Update("BTC/USD");
        }

        _time.Advance(TimeSpan.FromSeconds(5));
        (await Finish(run)).Snapshots.Should().Be(25);
        JsonlFile.Read(_tmp.File("l2_BTCUSD_20251023.jsonl")).Count(l => l.Type() == "book").Should().Be(25);
    }

    [Fact]
    public async Task Utc_midnight_continues_in_the_next_days_file_without_gap_or_duplicate()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2025, 10, 23, 23, 59, 55, TimeSpan.Zero));
        (RecorderSession session, ScriptedFeed feed) = Create(TimeSpan.FromSeconds(10));
        Task<SessionSummary> run = session.RunAsync(CancellationToken.None);
        await feed.Started;
        Seconds(feed, 10);
        SessionSummary summary = await Finish(run);

        List<JsonElement> day1 = JsonlFile.Read(_tmp.File("l2_BTCUSD_20251023.jsonl"));
        List<JsonElement> day2 = JsonlFile.Read(_tmp.File("l2_BTCUSD_20251024.jsonl"));
        day1.Select(l => l.Type()).Should().Equal(["session start", .. Enumerable.Repeat("book", 4), "session end"]);
        day1[^1].GetProperty("reason").GetString().Should().Be("midnight");
        day1[^1].GetProperty("time").GetString().Should().Be("2025-10-23T23:59:59.999999Z");
        int day2Books = (int)summary.Snapshots - 4;
        day2Books.Should().BeInRange(5, 6, "the sample due as the duration ends may or may not be taken");
        day2.Select(l => l.Type()).Should().Equal(["session start", .. Enumerable.Repeat("book", day2Books), "session end"]);
        day2[0].GetProperty("continues").GetBoolean().Should().BeTrue();
        day2[1].GetProperty("recv").GetString().Should().Be("2025-10-24T00:00:00.000000Z");
        summary.Files.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_status_line_is_logged_every_minute()
    {
        (RecorderSession session, ScriptedFeed feed) = Create(TimeSpan.FromMinutes(3));
        Task<SessionSummary> run = session.RunAsync(CancellationToken.None);
        await feed.Started;
        Seconds(feed, 180);
        await Finish(run);
        _log.Messages.Where(m => m.StartsWith("Status:", StringComparison.Ordinal)).Should().HaveCount(2)
            .And.Contain(m => m.StartsWith("Status: elapsed 00:01:00, remaining 00:02:00, snapshots ", StringComparison.Ordinal) && m.Contains(", updates 60,", StringComparison.Ordinal))
            .And.OnlyContain(m => System.Text.RegularExpressions.Regex.IsMatch(m, @", memory [0-9.]+ [KMG]?B, allocated [0-9.]+ [KMG]?B, gc [0-9]+/[0-9]+/[0-9]+$"));
    }

    [Fact]
    public async Task Lines_reach_the_os_within_a_second_and_the_disk_within_five()
    {
        List<CountingStream> streams = [];
        (RecorderSession session, ScriptedFeed feed) = Create(TimeSpan.FromSeconds(20), open: (path, mode) =>
        {
            CountingStream stream = new(path, mode);
            streams.Add(stream);
            return stream;
        });
        Task<SessionSummary> run = session.RunAsync(CancellationToken.None);
        await feed.Started;
        Seconds(feed, 1);
        new FileInfo(_tmp.File("l2_BTCUSD_20251023.jsonl")).Length.Should().BeGreaterThan(0, "a book line written at t=1 s is in the file by the flush at t=1 s");
        Seconds(feed, 4);
        streams[0].Syncs.Should().BeGreaterThanOrEqualTo(1);
        Seconds(feed, 15);
        await Finish(run);
        streams[0].Syncs.Should().BeGreaterThanOrEqualTo(4, "every 5 s and at close");
    }

    [Fact]
    public async Task A_disk_that_fills_up_ends_the_session_with_an_error_and_a_valid_file()
    {
        (RecorderSession session, ScriptedFeed feed) = Create(TimeSpan.FromMinutes(5), open: (path, mode) => new DiskFullStream(path, mode, capacity: 2500));
        Task<SessionSummary> run = session.RunAsync(CancellationToken.None);
        await feed.Started;
        for (int i = 0; i < 30 && !run.IsCompleted; i++)
        {
            Seconds(feed, 1);
            await Task.Yield();
        }

        Func<Task> finish = () => Finish(run);
        await finish.Should().ThrowAsync<RecordingWriteException>().WithMessage("*No space left on device*");
        string text = await File.ReadAllTextAsync(_tmp.File("l2_BTCUSD_20251023.jsonl"), TestContext.Current.CancellationToken);
        text.Should().EndWith("\n");
        text.Length.Should().BeLessThanOrEqualTo(2500);
        JsonlFile.Read(_tmp.File("l2_BTCUSD_20251023.jsonl")).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Several_symbols_get_a_file_each_and_an_outage_of_one_does_not_stop_the_other()
    {
        (RecorderSession session, ScriptedFeed feed) = Create(TimeSpan.FromSeconds(6), null, null, "BTC/USD", "ETH/USD");
        Task<SessionSummary> run = session.RunAsync(CancellationToken.None);
        await feed.Started;
        feed.Lose("ETH/USD", OutageReason.Checksum, "checksum mismatch");
        for (int i = 0; i < 6; i++)
        {
            feed.Update("BTC/USD");
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await Finish(run);
        JsonlFile.Read(_tmp.File("l2_BTCUSD_20251023.jsonl")).Count(l => l.Type() == "book").Should().BeInRange(5, 6);
        List<JsonElement> eth = JsonlFile.Read(_tmp.File("l2_ETHUSD_20251023.jsonl"));
        eth.Count(l => l.Type() == "book").Should().Be(0);
        eth.Should().ContainSingle(l => l.Type() == "gap").Which.GetProperty("reason").GetString().Should().Be("checksum");
    }

    [Fact]
    public async Task One_disconnect_of_three_books_is_one_outage_and_each_proof_failure_is_another()
    {
        (RecorderSession session, ScriptedFeed feed) = Create(TimeSpan.FromSeconds(10), null, null, "BTC/USD", "ETH/USD", "SOL/USD");
        Task<SessionSummary> run = session.RunAsync(CancellationToken.None);
        await feed.Started;
        feed.LoseAll(OutageReason.Disconnect, "connection reset");
        feed.LoseAll(OutageReason.Disconnect, "connect refused (a failed retry)");
        foreach (string symbol in feed.Books.Keys)
        {
            feed.Update(symbol);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        feed.Lose("ETH/USD", OutageReason.Checksum, "checksum mismatch");
        _time.Advance(TimeSpan.FromSeconds(1));
        feed.Update("ETH/USD");
        feed.Lose("SOL/USD", OutageReason.Sequence, "U 105 after u 103");
        _time.Advance(TimeSpan.FromSeconds(1));
        feed.Update("SOL/USD");
        _time.Advance(TimeSpan.FromSeconds(7));
        SessionSummary summary = await Finish(run);

        summary.Outages.Should().Be(3, "a retry extends the outage it belongs to; three books down at once are one outage");
        summary.ChecksumFailures.Should().Be(1);
        summary.SequenceBreaks.Should().Be(1);
        _log.Messages.Should().Contain(m => m.StartsWith("Session end:", StringComparison.Ordinal) && m.Contains("outages 3, checksum failures 1, sequence breaks 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_delisted_symbol_ends_alone_with_its_gap_and_end_line_while_the_other_records_on()
    {
        (RecorderSession session, ScriptedFeed feed) = Create(TimeSpan.FromSeconds(10), null, null, "BTC/USD", "ETH/USD");
        Task<SessionSummary> run = session.RunAsync(CancellationToken.None);
        await feed.Started;
        for (int i = 0; i < 3; i++)
        {
            feed.Update("BTC/USD");
            feed.Update("ETH/USD");
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        feed.Lose("ETH/USD", OutageReason.Error, "subscription refused");
        _time.Advance(TimeSpan.FromSeconds(1));
        feed.End("ETH/USD", "kraken lists it as delisted");
        Seconds(feed, 6, "BTC/USD");
        SessionSummary summary = await Finish(run);

        summary.Reason.Should().Be(SessionEndReason.Duration);
        summary.Ended.Should().Equal("ETH/USD: kraken lists it as delisted");
        List<JsonElement> eth = JsonlFile.Read(_tmp.File("l2_ETHUSD_20251023.jsonl"));
        eth.Select(l => l.Type()).Should().EndWith(["gap", "session end"]);
        eth[^1].GetProperty("reason").GetString().Should().Be("delisted");
        eth.Count(l => l.Type() == "book").Should().Be(3);
        List<JsonElement> btc = JsonlFile.Read(_tmp.File("l2_BTCUSD_20251023.jsonl"));
        btc.Count(l => l.Type() == "book").Should().BeGreaterThanOrEqualTo(9);
        btc[^1].GetProperty("reason").GetString().Should().Be("duration");
        _log.Messages.Should().Contain("ETH/USD: recording ended, kraken lists it as delisted; the other symbols go on");
    }

    [Fact]
    public async Task When_every_symbol_has_ended_the_session_ends_and_an_untouched_new_file_is_not_left_behind()
    {
        (RecorderSession session, ScriptedFeed feed) = Create(TimeSpan.FromHours(1), null, null, "BTC/USD", "ETH/USD");
        Task<SessionSummary> run = session.RunAsync(CancellationToken.None);
        await feed.Started;
        Seconds(feed, 2, "BTC/USD");
        feed.End("ETH/USD", "kraken refused to subscribe it: Currency pair not supported ETH/USD");
        feed.End("BTC/USD", "kraken lists it as delisted");
        SessionSummary summary = await Finish(run);

        summary.Reason.Should().Be(SessionEndReason.Delisted);
        summary.Ended.Should().HaveCount(2);
        File.Exists(_tmp.File("l2_ETHUSD_20251023.jsonl")).Should().BeFalse("nothing was ever written to it");
        JsonlFile.Read(_tmp.File("l2_BTCUSD_20251023.jsonl"))[^1].GetProperty("reason").GetString().Should().Be("delisted");
    }

    [Fact]
    public async Task A_session_that_never_got_a_book_reports_why()
    {
        (RecorderSession session, ScriptedFeed feed) = Create(TimeSpan.FromSeconds(5));
        Task<SessionSummary> run = session.RunAsync(CancellationToken.None);
        await feed.Started;
        feed.Lose("BTC/USD", OutageReason.Disconnect, "connect to ws://127.0.0.1:9/v2 failed: Connection refused");
        _time.Advance(TimeSpan.FromSeconds(5));
        SessionSummary summary = await Finish(run);

        summary.Snapshots.Should().Be(0);
        summary.UnresolvedOutage.Should().Be("disconnect: connect to ws://127.0.0.1:9/v2 failed: Connection refused");
    }
}

/// <summary>Counts fsyncs of a real file.</summary>
internal sealed class CountingStream(string path, FileMode mode) : FileStream(path, mode, FileAccess.ReadWrite, FileShare.Read, 1)
{
    public int Syncs { get; private set; }

    public override void Flush(bool flushToDisk)
    {
        base.Flush(flushToDisk);
        if (flushToDisk)
        {
            Syncs++;
        }
    }
}
