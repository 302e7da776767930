using System.Globalization;
using L2Rec.Feeds;
using Serilog;

namespace L2Rec.Recording;

/// <summary>
/// Runs one recording: opens (and locks) each symbol's day file, runs the feed, writes a book line per symbol per
/// interval from verified, current books only, turns outages into gap lines when data resumes, keeps the flush and
/// fsync promises, rolls files at UTC midnight, and closes everything cleanly on duration, signal or fatal error.
/// It knows nothing of any particular exchange.
/// </summary>
public sealed class RecorderSession : IBookSink
{
    private readonly RecorderOptions _options;
    private readonly IBookFeed _feed;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Dictionary<string, SymbolRecording> _bySymbol;
    private readonly SymbolRecording[] _recordings;
    private readonly TaskCompletionSource<Exception> _fatal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _countSync = new();
    private long _startTimestamp;
    private int _outages;
    private int _checksumFailures;
    private int _sequenceBreaks;
    private int _ended;
    private string? _unresolvedOutage;

    public RecorderSession(RecorderOptions options, IBookFeed feed, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _feed = feed;
        _time = timeProvider;
        _log = logger.ForContext<RecorderSession>();
        _recordings = [.. options.Symbols.Select(s => new SymbolRecording(s, options, feed.Exchange, feed.Proof, timeProvider, _log))];
        _bySymbol = _recordings.ToDictionary(r => r.Symbol, StringComparer.Ordinal);
    }

    /// <summary>
    /// Records until the duration elapses or <paramref name="stop"/> fires (both end normally), or a fatal error
    /// (rethrown after the files are closed).
    /// </summary>
    public async Task<SessionSummary> RunAsync(CancellationToken stop)
    {
        DateTimeOffset started = _time.GetUtcNow();
        _startTimestamp = _time.GetTimestamp();
        OpenAll(started);

        using CancellationTokenSource feedStop = new();
        Task feedTask = Task.Run(() => _feed.RunAsync(this, feedStop.Token), CancellationToken.None);
        Task<Exception> fatalTask = _fatal.Task;
        using CancellationTokenSource durationStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        Task durationTask = Task.Delay(_options.Duration ?? Timeout.InfiniteTimeSpan, _time, durationStop.Token);
        List<ITimer> timers = StartTimers();

        SessionEndReason reason;
        Exception? failure = null;
        try
        {
            Task first = await Task.WhenAny(durationTask, feedTask, fatalTask, _allEnded.Task).ConfigureAwait(false);
            if (first == fatalTask)
            {
                failure = fatalTask.Result;
            }
            else if (first == feedTask && feedTask.IsFaulted)
            {
                failure = feedTask.Exception!.GetBaseException();
            }

            reason = failure is not null ? SessionEndReason.Error
                : durationTask.IsCompletedSuccessfully ? SessionEndReason.Duration
                : first == _allEnded.Task ? SessionEndReason.Delisted
                : SessionEndReason.Signal;
        }
        finally
        {
            foreach (ITimer timer in timers)
            {
                await timer.DisposeAsync().ConfigureAwait(false);
            }

            await durationStop.CancelAsync().ConfigureAwait(false);
            await feedStop.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await feedTask.ConfigureAwait(false);
        }
        catch (Exception ex) when (failure is not null || ex is OperationCanceledException)
        {
            // Already the reason the session ends, or the feed's own way of stopping.
        }

        Exception? closeFailure = CloseAll(reason);
        failure ??= closeFailure;
        SessionSummary summary = Summarise(failure is null ? reason : SessionEndReason.Error);
        LogStatus("Session end");
        if (failure is not null)
        {
            throw failure;
        }

        return summary;
    }

    public void OnBookVerified(LiveBook book)
    {
        SymbolRecording recording = _bySymbol[book.Symbol];
        lock (recording.Sync)
        {
            recording.Live ??= book;
            recording.Updates++;
            if (recording.Closed || recording.Failed)
            {
                return;
            }

            try
            {
                if (recording.Outage is not null)
                {
                    recording.WriteGap(book.ReceiveTime);
                }

                if (_options.Interval == TimeSpan.Zero)
                {
                    recording.WriteBook(book.ReceiveTime);
                }
            }
            catch (Exception ex) when (ex is RecordingWriteException or FileLockedException or SessionFileMismatchException)
            {
                _fatal.TrySetResult(ex);
            }
        }
    }

    public void OnBooksLost(IReadOnlyList<LiveBook> books, OutageReason reason, string detail)
    {
        bool started = false;
        foreach (LiveBook book in books)
        {
            SymbolRecording recording = _bySymbol[book.Symbol];
            lock (recording.Sync)
            {
                recording.Live ??= book;
                if (recording.Closed)
                {
                    continue;
                }

                if (recording.Outage is null)
                {
                    recording.Outages++;
                    DateTimeOffset from = recording.LastBookRecv ?? recording.SessionStart;
                    recording.Outage = new PendingOutage(reason, from, detail);
                    started = true;
                }
                else
                {
                    recording.Outage.Extend(detail);
                }
            }
        }

        lock (_countSync)
        {
            // One fault is one outage, however many books it took down; a failed retry extends it.
            _outages += started ? 1 : 0;
            _checksumFailures += reason == OutageReason.Checksum ? 1 : 0;
            _sequenceBreaks += reason == OutageReason.Sequence ? 1 : 0;
        }
    }

    public void OnBookEnded(LiveBook book, string detail)
    {
        SymbolRecording recording = _bySymbol[book.Symbol];
        lock (recording.Sync)
        {
            recording.Live ??= book;
            if (recording.Closed)
            {
                return;
            }

            _log.Error("{Symbol:l}: recording ended, {Detail:l}; the other symbols go on", book.Symbol, detail);
            try
            {
                recording.EndForGood(_time.GetUtcNow());
            }
            catch (Exception ex) when (ex is RecordingWriteException or FileLockedException or SessionFileMismatchException)
            {
                _fatal.TrySetResult(ex);
            }
        }

        lock (_countSync)
        {
            recording.EndDetail = detail;
            if (++_ended == _recordings.Length)
            {
                _allEnded.TrySetResult();
            }
        }
    }

    private void OpenAll(DateTimeOffset now)
    {
        int opened = 0;
        try
        {
            foreach (SymbolRecording recording in _recordings)
            {
                recording.Open(now);
                opened++;
            }
        }
        catch
        {
            for (int i = 0; i < opened; i++)
            {
                _recordings[i].CloseFile();
            }

            throw;
        }
    }

    private List<ITimer> StartTimers()
    {
        List<ITimer> timers = [];
        if (_options.Interval > TimeSpan.Zero)
        {
            timers.Add(_time.CreateTimer(_ => Guard(Sample), null, _options.Interval, _options.Interval));
        }

        timers.Add(_time.CreateTimer(_ => Guard(() => ForEachFile(r => r.FlushToOs())), null, _options.FlushInterval, _options.FlushInterval));
        timers.Add(_time.CreateTimer(_ => Guard(() => ForEachFile(r => r.SyncToDisk())), null, _options.SyncInterval, _options.SyncInterval));
        timers.Add(_time.CreateTimer(_ => Guard(() => LogStatus("Status")), null, _options.StatusInterval, _options.StatusInterval));
        return timers;
    }

    /// <summary>One line per symbol whose book is verified and current; a stalled or dropped book writes nothing.</summary>
    private void Sample()
    {
        DateTimeOffset now = _time.GetUtcNow();
        foreach (SymbolRecording recording in _recordings)
        {
            LiveBook? live = recording.Live;
            if (live is null)
            {
                continue;
            }

            lock (live.Sync)
            {
                if (!live.IsCurrent)
                {
                    continue;
                }

                lock (recording.Sync)
                {
                    if (!recording.Closed && !recording.Failed && recording.Outage is null)
                    {
                        recording.WriteBook(now);
                    }
                }
            }
        }
    }

    private void ForEachFile(Action<SymbolRecording> action)
    {
        foreach (SymbolRecording recording in _recordings)
        {
            lock (recording.Sync)
            {
                if (!recording.Closed && !recording.Failed)
                {
                    action(recording);
                }
            }
        }
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is RecordingWriteException or FileLockedException or SessionFileMismatchException)
        {
            _fatal.TrySetResult(ex);
        }
    }

    private Exception? CloseAll(SessionEndReason reason)
    {
        Exception? failure = null;
        DateTimeOffset now = _time.GetUtcNow();
        foreach (SymbolRecording recording in _recordings)
        {
            lock (recording.Sync)
            {
                try
                {
                    if (recording.Closed)
                    {
                        continue;
                    }

                    if (!recording.Failed && recording.File is not null)
                    {
                        if (recording.Outage is not null)
                        {
                            _unresolvedOutage ??= $"{recording.Outage.Reason.ToString().ToLowerInvariant()}: {recording.Outage.Detail}";
                            recording.WriteGap(now, " (until the session ended)");
                        }

                        recording.WriteEnd(reason, now);
                    }

                    recording.CloseFile();
                }
                catch (Exception ex) when (ex is RecordingWriteException or FileLockedException or SessionFileMismatchException)
                {
                    failure ??= ex;
                    recording.File?.Dispose();
                }
            }
        }

        return failure;
    }

    private SessionSummary Summarise(SessionEndReason reason)
    {
        lock (_countSync)
        {
            return new SessionSummary(
                reason,
                _recordings.Sum(r => r.Snapshots),
                _recordings.Sum(r => r.Updates),
                _outages,
                _checksumFailures,
                [.. _recordings.SelectMany(r => r.Files)])
            {
                SequenceBreaks = _sequenceBreaks,
                UnresolvedOutage = _unresolvedOutage,
                Ended = [.. _recordings.Where(r => r.EndDetail is not null).Select(r => $"{r.Symbol}: {r.EndDetail}")],
            };
        }
    }

    private void LogStatus(string title)
    {
        TimeSpan elapsed = _time.GetElapsedTime(_startTimestamp);
        string remaining = _options.Duration is TimeSpan d ? FormatSpan(d - elapsed < TimeSpan.Zero ? TimeSpan.Zero : d - elapsed) : "until stopped";
        long size = 0;
        foreach (SymbolRecording recording in _recordings)
        {
            lock (recording.Sync)
            {
                size += recording.File?.Length ?? 0;
            }
        }

        _log.Information(
            "{Title:l}: elapsed {Elapsed:l}, remaining {Remaining:l}, snapshots {Snapshots}, updates {Updates}, file size {Size:l}, outages {Outages}, checksum failures {ChecksumFailures}, sequence breaks {SequenceBreaks}, " +
            "memory {Memory:l}, allocated {Allocated:l}, gc {Gen0}/{Gen1}/{Gen2}",
            title,
            FormatSpan(elapsed),
            remaining,
            _recordings.Sum(r => r.Snapshots),
            _recordings.Sum(r => r.Updates),
            SessionFile.FormatSize(size),
            Volatile.Read(ref _outages),
            Volatile.Read(ref _checksumFailures),
            Volatile.Read(ref _sequenceBreaks),
            // A week-long run is watched through this line: flat memory and allocation mean no leak per message.
            SessionFile.FormatSize(Environment.WorkingSet),
            SessionFile.FormatSize(GC.GetTotalAllocatedBytes()),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2));
    }

    private static string FormatSpan(TimeSpan span) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours:00}:{span.Minutes:00}:{span.Seconds:00}");
}
