using System.Globalization;
using System.Text.Json;
using Serilog;

namespace L2Rec.Recording;

/// <summary>
/// The data file of one symbol and day, held with an exclusive lock for as long as it is written. Lines are
/// collected whole in memory and handed to the OS in one write (at least every second, by the session's flush
/// timer), and fsynced on <see cref="Sync"/> (at least every 5 s) and at close. A failed write is cut back to the
/// last whole line so that the file stays valid.
/// </summary>
public sealed class SessionFile : IDisposable
{
    private const int FlushThreshold = 256 * 1024;

    private readonly Stream _stream;
    private readonly FileLock _lock;
    private byte[] _pending = new byte[FlushThreshold];
    private int _pendingLength;
    private long _committed;
    private bool _unsynced;

    private SessionFile(string path, DateOnly utcDate, Stream stream, FileLock fileLock, bool resumed, long length)
    {
        FilePath = path;
        UtcDate = utcDate;
        _stream = stream;
        _lock = fileLock;
        Resumed = resumed;
        _committed = length;
    }

    public string FilePath { get; }

    public DateOnly UtcDate { get; }

    /// <summary>True when the session appends to a file that already held data.</summary>
    public bool Resumed { get; }

    /// <summary>Bytes in the file once everything pending is written.</summary>
    public long Length => _committed + _pendingLength;

    /// <summary>Set once a write failed; nothing more is written.</summary>
    public bool Failed { get; private set; }

    public static SessionFile Open(SessionFileRequest request, TimeProvider time, ILogger log)
    {
        string path = request.FilePath;
        try
        {
            Directory.CreateDirectory(request.DataDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RecordingWriteException($"cannot create --data-dir {request.DataDirectory}: {ex.Message}", ex) { UnusableDataDirectory = true };
        }

        FileLock fileLock;
        try
        {
            fileLock = FileLock.Acquire(path, request.Pid);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new RecordingWriteException($"cannot write in --data-dir {request.DataDirectory}: {ex.Message}", ex) { UnusableDataDirectory = true };
        }

        try
        {
            return OpenLocked(request, path, fileLock, time, log);
        }
        catch
        {
            fileLock.Dispose();
            throw;
        }
    }

    private static SessionFile OpenLocked(SessionFileRequest request, string path, FileLock fileLock, TimeProvider time, ILogger log)
    {
        string name = Path.GetFileName(path);
        long existing = File.Exists(path) ? new FileInfo(path).Length : 0;
        try
        {
            if (existing > 0 && request.Resume)
            {
                EnsureSameSource(path, request);
                log.Warning("⚠️  File already exists: {File:l}", name);
                log.Warning("⚠️  Size: {Size:l}", FormatSize(existing));
                log.Warning("⚠️  RESUMING: Will append to existing file");
                log.Information("Output: {Path:l}", path);
                log.Information("File mode: a (append)");
                Stream stream = request.OpenStream(path, FileMode.Open);
                long dropped = TornTailRepair.Repair(stream);
                if (dropped > 0)
                {
                    log.Warning("Cut a torn last line: {Bytes} bytes dropped from the end of {File:l}", dropped, name);
                }

                long length = stream.Seek(0, SeekOrigin.End);
                return new SessionFile(path, request.UtcDate, stream, fileLock, resumed: true, length);
            }

            if (existing > 0)
            {
                string backup = MoveToBackup(path, time.GetUtcNow());
                log.Warning("--no-resume: kept the previous {File:l} as {Backup:l}", name, Path.GetFileName(backup));
            }

            log.Information("Output: {Path:l}", path);
            log.Information("Mode: NEW (overwrite)");
            log.Information("File mode: w (overwrite)");
            Stream created = request.OpenStream(path, FileMode.Create);
            return new SessionFile(path, request.UtcDate, created, fileLock, resumed: false, 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RecordingWriteException($"cannot open {path}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Renames the file to <c>{name}.{yyyyMMddTHHmmssZ}.bak</c>, or <c>{name}.{yyyyMMddTHHmmssZ}.N.bak</c> when that
    /// name is taken (two --no-resume runs in one second): a backup never replaces another.
    /// </summary>
    private static string MoveToBackup(string path, DateTimeOffset now)
    {
        string stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        for (int n = 1; ; n++)
        {
            string backup = n == 1 ? $"{path}.{stamp}.bak" : string.Create(CultureInfo.InvariantCulture, $"{path}.{stamp}.{n}.bak");
            if (File.Exists(backup))
            {
                continue;
            }

            try
            {
                File.Move(path, backup, overwrite: false);
                return backup;
            }
            catch (IOException) when (File.Exists(backup) && n < 10_000)
            {
                // Taken between the check and the move: try the next name.
            }
        }
    }

    /// <summary>Refuses a file whose session or book lines name another exchange or symbol.</summary>
    private static void EnsureSameSource(string path, SessionFileRequest request)
    {
        byte[] head = new byte[64 * 1024];
        int read;
        using (FileStream probe = new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            read = probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        foreach (Range range in head.AsSpan(0, read).Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = head.AsSpan(0, read)[range];
            if (line.IsEmpty || range.End.Value == read)
            {
                continue;
            }

            (string? exchange, string? symbol) = ReadSource(line);
            if ((exchange is not null && !string.Equals(exchange, request.Exchange, StringComparison.OrdinalIgnoreCase)) ||
                (symbol is not null && !string.Equals(symbol, request.Symbol, StringComparison.OrdinalIgnoreCase)))
            {
                throw new SessionFileMismatchException(
                    $"{Path.GetFileName(path)} holds {exchange ?? request.Exchange} {symbol ?? request.Symbol} data, not {request.Exchange} {request.Symbol}; refusing to append (move it away or use another --data-dir)");
            }

            if (exchange is not null && symbol is not null)
            {
                return;
            }
        }
    }

    private static (string? Exchange, string? Symbol) ReadSource(ReadOnlySpan<byte> line)
    {
        try
        {
            Utf8JsonReader reader = new(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null);
            }

            string? exchange = null;
            string? symbol = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isExchange = reader.ValueTextEquals("exchange"u8);
                bool isSymbol = reader.ValueTextEquals("symbol"u8);
                reader.Read();
                if (isExchange && reader.TokenType == JsonTokenType.String)
                {
                    exchange = reader.GetString();
                }
                else if (isSymbol && reader.TokenType == JsonTokenType.String)
                {
                    symbol = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            return (exchange, symbol);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>Queues one whole line (ending in <c>\n</c>); it reaches the OS in a single write with its neighbours.</summary>
    public void Append(ReadOnlySpan<byte> line)
    {
        ObjectDisposedException.ThrowIf(Failed, this);
        if (_pendingLength + line.Length > _pending.Length)
        {
            FlushToOs();
            if (line.Length > _pending.Length)
            {
                _pending = new byte[line.Length];
            }
        }

        line.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += line.Length;
    }

    /// <summary>Hands every pending line to the OS in one write.</summary>
    public void FlushToOs()
    {
        if (_pendingLength == 0 || Failed)
        {
            return;
        }

        try
        {
            _stream.Write(_pending, 0, _pendingLength);
            _stream.Flush();
            _committed += _pendingLength;
            _pendingLength = 0;
            _unsynced = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            Fail(ex);
        }
    }

    /// <summary>Writes what is pending and forces it to the disk (fsync).</summary>
    public void Sync()
    {
        FlushToOs();
        if (!_unsynced || Failed)
        {
            return;
        }

        try
        {
            if (_stream is FileStream file)
            {
                file.Flush(flushToDisk: true);
            }
            else
            {
                _stream.Flush();
            }

            _unsynced = false;
        }
        catch (IOException ex)
        {
            Fail(ex);
        }
    }

    private void Fail(Exception ex)
    {
        Failed = true;
        _pendingLength = 0;
        try
        {
            // A short write may have left part of a line: cut back to the last whole line already in the file.
            _stream.SetLength(_committed);
        }
        catch (Exception truncateError) when (truncateError is IOException or NotSupportedException or UnauthorizedAccessException)
        {
            // The next resume cuts a torn tail anyway.
        }

        throw new RecordingWriteException($"writing {FilePath} failed: {ex.Message}", ex) { FileEndsOnWholeLine = true };
    }

    public void Dispose()
    {
        try
        {
            if (!Failed)
            {
                Sync();
            }
        }
        catch (RecordingWriteException)
        {
            // Disposal runs on error paths too; the caller that wanted the data synced called Sync and saw the error.
        }
        finally
        {
            _stream.Dispose();
            _lock.Dispose();
        }
    }

    public static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.00} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.00} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.00} GB"),
    };
}
