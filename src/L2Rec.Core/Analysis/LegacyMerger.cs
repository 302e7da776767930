using System.Globalization;
using System.Text;
using L2Rec.Recording;

namespace L2Rec.Analysis;

/// <summary>
/// Turns legacy fragments (<c>l2_{SYMBOL}_{yyyyMMdd}_{HHmmss}.jsonl</c>, one per restart of an older recorder) into
/// date-named files: lines in time order, split at UTC midnight, exact duplicates dropped, empty fragments removed.
/// Each folder of the collection (the data dir and its exchange folders, <see cref="DataCollection"/>) is merged in
/// place, per exchange and symbol. Nothing with data is deleted: an existing date-named file is merged into, results
/// are written to a temporary file and renamed into place, and the fragments are moved to the folder's <c>legacy/</c>. Files held by a running recorder are
/// refused. Lines keep their bytes; a line without a time of its own keeps its place after its predecessor.
/// </summary>
public sealed class LegacyMerger
{
    public const string LegacyFolder = DataCollection.LegacyFolder;

    /// <param name="directory">The data dir: its own fragments and those of its exchange folders are merged, each in its folder.</param>
    /// <param name="symbolToken">Only this symbol's fragments (its file-name token), or every symbol's.</param>
    /// <param name="dryRun">Plan only; change nothing.</param>
    /// <param name="exchange">Only this exchange's fragments, or every exchange's.</param>
    public List<MergeOutcome> Merge(string directory, string? symbolToken, bool dryRun, string? exchange = null)
    {
        List<DataFileName> all = DataCollection.List(directory, symbolToken, exchange: null);
        List<IGrouping<(string Folder, string Exchange, string Token), DataFileName>> groups = [.. all
            .GroupBy(f => (f.Folder, f.Exchange, f.SymbolToken))
            .Where(g => exchange is null || string.Equals(g.Key.Exchange, exchange, StringComparison.OrdinalIgnoreCase))
            .Where(g => g.Any(f => f.IsLegacyFragment))];

        // Two exchanges' files of one token in one folder would meet in one date file: refused before anything changes.
        foreach (IGrouping<(string Folder, string Exchange, string Token), DataFileName> group in groups)
        {
            if (all.FirstOrDefault(f => f.Folder == group.Key.Folder && f.SymbolToken == group.Key.Token && f.Exchange != group.Key.Exchange) is { } other)
            {
                throw new IOException(
                    $"{group.First(f => f.IsLegacyFragment).DisplayName} ({Named(group.Key.Exchange)}) and {other.DisplayName} ({Named(other.Exchange)}) " +
                    $"share the name l2_{group.Key.Token}_... in one folder; move one exchange's files to its own folder ({{data-dir}}/{{exchange}}/) and merge again");
            }
        }

        List<MergeOutcome> outcomes = [];
        foreach (IGrouping<(string Folder, string Exchange, string Token), DataFileName> group in groups)
        {
            string folder = group.Key.Folder.Length == 0 ? directory : Path.Combine(directory, group.Key.Folder);
            MergeOutcome outcome = new(group.Key.Exchange, group.Key.Token, group.Key.Folder);
            MergeSymbol(folder, outcome, [.. group.Where(f => f.IsLegacyFragment)], [.. group.Where(f => !f.IsLegacyFragment)], dryRun);
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    private static string Named(string exchange) => exchange.Length == 0 ? "exchange unknown" : exchange;

    private static void MergeSymbol(string directory, MergeOutcome outcome, List<DataFileName> fragments, List<DataFileName> dateFiles, bool dryRun)
    {
        foreach (DataFileName file in fragments.Concat(dateFiles))
        {
            if (FileLock.IsHeld(file.Path, out int? pid))
            {
                throw new FileLockedException(file.Path, pid);
            }
        }

        string token = outcome.SymbolToken;
        List<DataFileName> withData = [];
        foreach (DataFileName fragment in fragments)
        {
            if (new FileInfo(fragment.Path).Length == 0)
            {
                outcome.EmptyFragments.Add(fragment.Name);
            }
            else
            {
                withData.Add(fragment);
                outcome.Fragments.Add(fragment.Name);
            }
        }

        HashSet<DateOnly> dates = [.. withData.SelectMany(f => DatesIn(f))];
        List<DataFileName> inputs = [.. withData, .. dateFiles.Where(f => dates.Contains(f.Date))];
        outcome.MergedInto.AddRange(dateFiles.Where(f => dates.Contains(f.Date)).Select(f => f.Name));

        Dictionary<DateOnly, Output> outputs = [];
        try
        {
            Run(inputs, outcome, date =>
            {
                if (!outputs.TryGetValue(date, out Output? output))
                {
                    string target = Path.Combine(directory, $"l2_{token}_{date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.jsonl");
                    output = new Output(target, dryRun);
                    outputs[date] = output;
                }

                return output;
            });

            foreach (Output output in outputs.Values)
            {
                output.Commit();
                outcome.Targets.Add((Path.GetFileName(output.Target), output.Lines));
            }
        }
        finally
        {
            foreach (Output output in outputs.Values)
            {
                output.Dispose();
            }
        }

        if (!dryRun)
        {
            string legacy = Path.Combine(directory, LegacyFolder);
            Directory.CreateDirectory(legacy);
            foreach (DataFileName fragment in withData)
            {
                File.Move(fragment.Path, FreeName(Path.Combine(legacy, fragment.Name)));
            }

            foreach (string empty in outcome.EmptyFragments)
            {
                File.Delete(Path.Combine(directory, empty));
            }
        }
    }

    /// <summary>The UTC dates a fragment's lines fall on (its name's date for lines without a time).</summary>
    private static HashSet<DateOnly> DatesIn(DataFileName file)
    {
        HashSet<DateOnly> dates = [file.Date];
        using FileStream stream = OpenRead(file.Path);
        LineReader reader = new(stream);
        while (reader.TryRead(out ReadOnlySpan<byte> line, out _, out bool tooLong))
        {
            if (!tooLong && LineTime.TryAny(line, out DateTimeOffset time))
            {
                dates.Add(DateOnly.FromDateTime(time.UtcDateTime));
            }
        }

        return dates;
    }

    /// <summary>A k-way merge by time over the inputs (each already in time order, as a recorder writes).</summary>
    private static void Run(List<DataFileName> inputs, MergeOutcome outcome, Func<DateOnly, Output> outputFor)
    {
        List<Source> sources = [.. inputs.Select((f, i) => new Source(f, i))];
        try
        {
            PriorityQueue<Source, (DateTimeOffset, int, long)> queue = new();
            foreach (Source source in sources.Where(s => s.Next()))
            {
                queue.Enqueue(source, source.Key);
            }

            DateTimeOffset current = DateTimeOffset.MinValue;
            HashSet<string> seenAtCurrent = new(StringComparer.Ordinal);
            while (queue.TryDequeue(out Source? source, out _))
            {
                outcome.LinesIn++;
                if (source.Time != current)
                {
                    current = source.Time;
                    seenAtCurrent.Clear();
                }

                if (seenAtCurrent.Add(Encoding.UTF8.GetString(source.Line)))
                {
                    outputFor(DateOnly.FromDateTime(source.Time.UtcDateTime)).Write(source.Line);
                }
                else
                {
                    outcome.Duplicates++;
                }

                if (source.Next())
                {
                    queue.Enqueue(source, source.Key);
                }
            }
        }
        finally
        {
            foreach (Source source in sources)
            {
                source.Dispose();
            }
        }
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);

    private static string FreeName(string path)
    {
        string candidate = path;
        for (int i = 1; File.Exists(candidate); i++)
        {
            candidate = $"{path}.{i}";
        }

        return candidate;
    }

    private sealed class Source(DataFileName file, int index) : IDisposable
    {
        private readonly FileStream _stream = OpenRead(file.Path);
        private LineReader? _reader;
        private long _sequence;

        public byte[] Line { get; private set; } = [];

        public DateTimeOffset Time { get; private set; } = new(file.Date.ToDateTime(file.FragmentTime ?? TimeOnly.MinValue), TimeSpan.Zero);

        public (DateTimeOffset, int, long) Key => (Time, index, _sequence);

        public bool Next()
        {
            _reader ??= new LineReader(_stream);
            while (_reader.TryRead(out ReadOnlySpan<byte> line, out _, out bool tooLong))
            {
                if (line.IsEmpty && !tooLong)
                {
                    continue;
                }

                // A line too long to hold is not data anyone can read back; it is the only thing not carried over.
                if (tooLong)
                {
                    continue;
                }

                Line = line.ToArray();
                if (LineTime.TryAny(line, out DateTimeOffset time) && time >= Time)
                {
                    Time = time;
                }

                _sequence++;
                return true;
            }

            return false;
        }

        public void Dispose() => _stream.Dispose();
    }

    private sealed class Output(string target, bool dryRun) : IDisposable
    {
        private readonly string _temp = Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + ".merging");
        private FileStream? _stream;
        private bool _started;

        public string Target { get; } = target;

        public long Lines { get; private set; }

        public void Write(byte[] line)
        {
            Lines++;
            if (dryRun)
            {
                return;
            }

            if (!_started)
            {
                _started = true;
                _stream = new FileStream(_temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            }

            _stream!.Write(line);
            _stream.WriteByte((byte)'\n');
        }

        public void Commit()
        {
            if (_stream is null)
            {
                return;
            }

            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            _stream = null;
            File.Move(_temp, Target, overwrite: true);
        }

        public void Dispose()
        {
            if (_stream is not null)
            {
                _stream.Dispose();
                File.Delete(_temp);
            }
        }
    }
}
