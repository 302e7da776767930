using L2Rec.Feeds;
using Serilog;

namespace L2Rec.Recording;

/// <summary>
/// One symbol's part of a session: its current day file, its pending outage and its counters. Every member is used
/// under <see cref="Sync"/>; when the book is involved too, <see cref="LiveBook.Sync"/> is taken first.
/// </summary>
internal sealed class SymbolRecording(string symbol, RecorderOptions options, string exchange, IReadOnlyList<string> proof, TimeProvider time, ILogger log)
{
    private readonly JsonlLineWriter _lines = new();
    private SessionFile? _file;
    private bool _startWritten;
    private bool _continues;
    private long _snapshotsInFile;

    public string Symbol { get; } = symbol;

    public Lock Sync { get; } = new();

    /// <summary>The feed's book, known from its first report.</summary>
    public LiveBook? Live { get; set; }

    public PendingOutage? Outage { get; set; }

    public DateTimeOffset? LastBookRecv { get; private set; }

    public long Snapshots { get; private set; }

    public long Updates { get; set; }

    public int Outages { get; set; }

    /// <summary>Why the exchange ended this symbol's recording early, or null.</summary>
    public string? EndDetail { get; set; }

    public bool Closed { get; private set; }

    public bool Failed => _file?.Failed ?? false;

    public SessionFile? File => _file;

    public List<string> Files { get; } = [];

    public DateTimeOffset SessionStart { get; private set; }

    /// <summary>Opens the day's file at session start, so a lock conflict or an unwritable directory shows at once.</summary>
    public void Open(DateTimeOffset now)
    {
        SessionStart = now;
        OpenFile(SessionFileName.UtcDateOf(now), options.Resume);
    }

    public void WriteBook(DateTimeOffset received)
    {
        LiveBook live = Live!;
        BeforeLine(received);
        _file!.Append(_lines.Book(exchange, live, received));
        Snapshots++;
        _snapshotsInFile++;
        LastBookRecv = received;
    }

    public void WriteGap(DateTimeOffset to, string? suffix = null)
    {
        PendingOutage outage = Outage!;
        Outage = null;
        DateTimeOffset from = outage.From <= to ? outage.From : to;
        BeforeLine(to);
        _file!.Append(_lines.Gap(outage.Reason, from, to, suffix is null ? outage.Detail : outage.Detail + suffix));
    }

    public void WriteEnd(SessionEndReason reason, DateTimeOffset now)
    {
        if (_file is null || _file.Failed)
        {
            Closed = true;
            return;
        }

        BeforeLine(now);
        _file.Append(_lines.SessionEnd(ReasonText(reason), now, _snapshotsInFile));
        Closed = true;
    }

    /// <summary>
    /// Ends this symbol's recording while the session goes on: the pending outage becomes a gap, an end line follows,
    /// and the file is closed. A file this session created and never wrote to is removed rather than left as a stub.
    /// </summary>
    public void EndForGood(DateTimeOffset now)
    {
        if (_file is not null && !_file.Failed && !_startWritten && !_file.Resumed && _file.Length == 0)
        {
            string path = _file.FilePath;
            CloseFile();
            try
            {
                System.IO.File.Delete(path);
                Files.Remove(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // An empty file left behind is harmless: the next run resumes or replaces it.
            }

            return;
        }

        if (Outage is not null && !Failed)
        {
            WriteGap(now, " (until the symbol ended)");
        }

        WriteEnd(SessionEndReason.Delisted, now);
        CloseFile();
    }

    public void FlushToOs() => _file?.FlushToOs();

    public void SyncToDisk() => _file?.Sync();

    public void CloseFile()
    {
        Closed = true;
        try
        {
            _file?.Sync();
        }
        finally
        {
            _file?.Dispose();
        }
    }

    /// <summary>Rolls to the next UTC day's file when the line belongs to it, and writes the start line first.</summary>
    private void BeforeLine(DateTimeOffset lineTime)
    {
        DateOnly date = SessionFileName.UtcDateOf(lineTime);
        if (_file is not null && date > _file.UtcDate)
        {
            RollTo(date);
        }

        if (!_startWritten)
        {
            _startWritten = true;
            LiveBook? live = Live;
            _file!.Append(_lines.SessionStart(new SessionStartLine(
                exchange,
                Symbol,
                options.Depth,
                options.Interval,
                live?.PricePrecision ?? -1,
                live?.QtyPrecision ?? -1,
                proof,
                _file.Resumed,
                _continues,
                options.Recorder,
                options.Pid,
                _continues ? lineTime : SessionStart)));
        }
    }

    private void RollTo(DateOnly date)
    {
        SessionFile old = _file!;
        if (_startWritten)
        {
            // The day's file ends at its last microsecond, so every line in it carries its own date.
            DateTimeOffset lastMoment = new DateTimeOffset(old.UtcDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1).AddTicks(-10);
            old.Append(_lines.SessionEnd("midnight", lastMoment, _snapshotsInFile));
        }

        old.Sync();
        old.Dispose();
        log.Information("{Symbol}: UTC midnight, continuing in the next day's file", Symbol);
        _continues = _startWritten;
        _startWritten = false;
        _snapshotsInFile = 0;
        OpenFile(date, resume: true);
    }

    private void OpenFile(DateOnly date, bool resume)
    {
        _file = SessionFile.Open(
            new SessionFileRequest
            {
                DataDirectory = options.DataDirectory,
                Exchange = exchange,
                Symbol = Symbol,
                UtcDate = date,
                Resume = resume,
                Pid = options.Pid,
                OpenStream = options.OpenStream ?? SessionFileRequestDefaults.Open,
            },
            time,
            log);
        Files.Add(_file.FilePath);
    }

    private static string ReasonText(SessionEndReason reason) => reason switch
    {
        SessionEndReason.Duration => "duration",
        SessionEndReason.Signal => "signal",
        SessionEndReason.Delisted => "delisted",
        _ => "error",
    };
}
