namespace L2Rec.Analysis;

/// <summary>
/// Looks over a directory of data files, date-named and legacy fragments alike: per symbol, each file's span and
/// holes, the holes between files, the recorded total, the longest continuous run, coverage and a rating.
/// Files are streamed in constant memory with a light timestamp scan, not a full parse.
/// </summary>
public sealed class CollectionDiagnoser(TimeSpan maxGap)
{
    public static readonly TimeSpan DefaultMaxGap = TimeSpan.FromSeconds(5);

    public List<SymbolDiagnosis> Diagnose(string directory, string? symbolToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory} is not a directory");
        }

        List<SymbolDiagnosis> symbols = [];
        foreach (IGrouping<string, DataFileName> group in DataFileName.List(directory, symbolToken).GroupBy(f => f.SymbolToken))
        {
            SymbolDiagnosis diagnosis = new(group.Key);
            foreach (DataFileName name in group)
            {
                diagnosis.Files.Add(Scan(name));
            }

            Summarise(diagnosis);
            symbols.Add(diagnosis);
        }

        return symbols;
    }

    private DiagnosedFile Scan(DataFileName name)
    {
        using FileStream stream = new(name.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        DiagnosedFile file = new(name, stream.Length);
        LineReader reader = new(stream);
        DateTimeOffset? segmentStart = null;
        DateTimeOffset? previous = null;
        while (reader.TryRead(out ReadOnlySpan<byte> line, out bool terminated, out bool tooLong))
        {
            if (!terminated || tooLong || !LineTime.TrySnapshot(line, out DateTimeOffset time))
            {
                continue;
            }

            file.Snapshots++;
            file.First ??= time;
            file.Last = file.Last is { } last && last > time ? last : time;
            if (previous is { } p && time - p > maxGap)
            {
                file.Segments.Add((segmentStart!.Value, p));
                segmentStart = time;
            }

            segmentStart ??= time;
            previous = time > (previous ?? time) ? time : previous ?? time;
        }

        if (segmentStart is { } start && previous is { } end)
        {
            file.Segments.Add((start, end));
        }

        return file;
    }

    private void Summarise(SymbolDiagnosis diagnosis)
    {
        List<(DateTimeOffset From, DateTimeOffset To, string File)> segments =
            [.. diagnosis.Files.SelectMany(f => f.Segments.Select(s => (s.From, s.To, f.Name.Name))).OrderBy(s => s.From)];
        if (segments.Count == 0)
        {
            return;
        }

        // Merge stretches that touch (within the allowed gap), across files too.
        List<(DateTimeOffset From, DateTimeOffset To, string FirstFile, string LastFile)> runs = [];
        foreach ((DateTimeOffset from, DateTimeOffset to, string file) in segments)
        {
            if (runs.Count > 0 && from - runs[^1].To <= maxGap)
            {
                (DateTimeOffset f, DateTimeOffset t, string first, _) = runs[^1];
                runs[^1] = (f, to > t ? to : t, first, to > t ? file : runs[^1].LastFile);
            }
            else
            {
                runs.Add((from, to, file, file));
            }
        }

        for (int i = 1; i < runs.Count; i++)
        {
            string where = runs[i - 1].LastFile == runs[i].FirstFile ? $"inside {runs[i].FirstFile}" : $"between {runs[i - 1].LastFile} and {runs[i].FirstFile}";
            diagnosis.Gaps.Add((runs[i - 1].To, runs[i].From, where));
        }

        diagnosis.Recorded = runs.Aggregate(TimeSpan.Zero, (sum, r) => sum + (r.To - r.From));
        diagnosis.LongestRun = runs.Max(r => r.To - r.From);
        diagnosis.Span = runs[^1].To - runs[0].From;
    }
}
