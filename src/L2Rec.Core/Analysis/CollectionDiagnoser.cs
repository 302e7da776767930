namespace L2Rec.Analysis;

/// <summary>
/// Looks over a collection of data files (the data dir and its exchange folders, <see cref="DataCollection"/>),
/// date-named and legacy fragments alike: per exchange and symbol, each file's span and holes, the holes between
/// files, the recorded total, the longest continuous run, coverage and a rating.
/// Files are streamed in constant memory with a light scan, not a full parse, into the same
/// <see cref="CoverageTimeline"/> validate uses, so a collection of one file has validate's coverage.
/// </summary>
/// <param name="maxGap">The allowed step; null measures each file with its own interval's default, as validate does.</param>
public sealed class CollectionDiagnoser(TimeSpan? maxGap)
{
    /// <summary>The fixed max gap of the command line's diagnose when none is given.</summary>
    public static readonly TimeSpan DefaultMaxGap = TimeSpan.FromSeconds(5);

    /// <param name="directory">The data dir.</param>
    /// <param name="symbolToken">Only this symbol's files (its file-name token), or every symbol.</param>
    /// <param name="exchange">Only this exchange's files, or every exchange's.</param>
    public List<SymbolDiagnosis> Diagnose(string directory, string? symbolToken, string? exchange = null)
    {
        List<SymbolDiagnosis> symbols = [];

        // The same symbol token on two exchanges is two instruments.
        foreach (IGrouping<(string Exchange, string Token), DataFileName> group in DataCollection.List(directory, symbolToken, exchange).GroupBy(f => (f.Exchange, f.SymbolToken)))
        {
            SymbolDiagnosis diagnosis = new(group.Key.Exchange, group.Key.Token);
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
        CoverageTimeline timeline = new(maxGap, file.Holes.Add);
        LineReader reader = new(stream);
        while (reader.TryRead(out ReadOnlySpan<byte> line, out bool terminated, out bool tooLong))
        {
            // Validate skips these too: a torn tail or an oversized line says nothing about time.
            if (!terminated || tooLong)
            {
                continue;
            }

            if (LineTime.TrySnapshot(line, out DateTimeOffset time))
            {
                file.Snapshots++;
                timeline.Snapshot(time);
            }
            else if (LineTime.TrySession(line, out bool start, out time, out bool continues, out long? intervalMs))
            {
                if (start)
                {
                    timeline.SessionStart(time, continues, intervalMs);
                }
                else
                {
                    timeline.SessionEnd(time);
                }
            }
            else if (LineTime.TryGap(line, out DateTimeOffset from, out DateTimeOffset to, out string reason))
            {
                timeline.GapLine(from, to, reason);
            }
        }

        timeline.Finish();
        file.First = timeline.First;
        file.Last = timeline.Last;
        file.MaxGap = timeline.MaxGap;
        file.Uncovered = timeline.Uncovered;
        file.OpeningReason = timeline.OpeningReason;

        // Holes come in time order except after a gap line written out of order; they never overlap.
        file.Holes.Sort((a, b) => a.From.CompareTo(b.From));
        return file;
    }

    private static void Summarise(SymbolDiagnosis diagnosis)
    {
        List<Run> runs = [.. diagnosis.Files.Where(f => !f.IsEmpty).SelectMany(RunsOf).OrderBy(r => r.From)];
        if (runs.Count == 0)
        {
            return;
        }

        List<Run> merged = [runs[0]];
        foreach (Run run in runs.Skip(1))
        {
            Run current = merged[^1];
            bool sameFile = ReferenceEquals(current.LastFile, run.FirstFile);

            // Runs of overlapping files merge; between files, a step up to the max gap is bridged as it is inside a
            // file. Inside one file runs only touch across a hole (of no length for a gap line from = to): never bridged.
            TimeSpan bridge = current.LastFile.MaxGap > run.FirstFile.MaxGap ? current.LastFile.MaxGap : run.FirstFile.MaxGap;
            if (run.From < current.To || (!sameFile && run.From - current.To <= bridge))
            {
                merged[^1] = run.To > current.To ? current with { To = run.To, LastFile = run.LastFile, ReasonAfter = run.ReasonAfter } : current;
                continue;
            }

            string where = sameFile ? $"inside {run.FirstFile.Name.DisplayName}" : $"between {current.LastFile.Name.DisplayName} and {run.FirstFile.Name.DisplayName}";
            string reason = current.ReasonAfter ?? run.ReasonBefore ?? run.FirstFile.OpeningReason;
            diagnosis.Gaps.Add(new CollectionGap(current.To, run.From, where, reason));
            merged.Add(run);
        }

        diagnosis.Recorded = merged.Aggregate(TimeSpan.Zero, (sum, r) => sum + (r.To - r.From));
        diagnosis.LongestRun = merged.Max(r => r.To - r.From);
        diagnosis.Span = merged[^1].To - merged[0].From;
    }

    /// <summary>A file's covered stretches: its span less its holes, including runs of no length at its ends.</summary>
    private static IEnumerable<Run> RunsOf(DiagnosedFile file)
    {
        DateTimeOffset at = file.First!.Value;
        string? before = null;
        foreach (CoverageHole hole in file.Holes)
        {
            yield return new Run(at, hole.From, file, file, before, hole.Reason);
            at = hole.To;
            before = hole.Reason;
        }

        yield return new Run(at, file.Last!.Value, file, file, before, null);
    }

    /// <param name="From">Where the covered stretch starts.</param>
    /// <param name="To">Where it ends.</param>
    /// <param name="FirstFile">The file it starts in.</param>
    /// <param name="LastFile">The file it ends in (another one once runs of several files merge).</param>
    /// <param name="ReasonBefore">The reason of the hole that ends where the run starts, if one does.</param>
    /// <param name="ReasonAfter">The reason of the hole that starts where the run ends, if one does.</param>
    private readonly record struct Run(DateTimeOffset From, DateTimeOffset To, DiagnosedFile FirstFile, DiagnosedFile LastFile, string? ReasonBefore, string? ReasonAfter);
}
