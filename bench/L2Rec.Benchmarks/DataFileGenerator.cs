using System.Diagnostics;
using L2Rec.Books;
using L2Rec.Feeds;
using L2Rec.Feeds.Kraken;
using L2Rec.Recording;
using L2Rec.Simulation;

namespace L2Rec.Benchmarks;

/// <summary>
/// Writes a large, valid l2rec data file (session start, one verified book line per second, end) with the
/// production line writer and a random-walk market, for validate and diagnose throughput runs.
/// </summary>
internal static class DataFileGenerator
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>One file of about <paramref name="bytes"/>, a book line a second from <paramref name="start"/>.</summary>
    public static void Generate(string path, long bytes, int depth, DateTimeOffset start)
    {
        Stopwatch clock = Stopwatch.StartNew();
        Writer writer = new(depth);
        using FileStream file = Create(path);
        long count = writer.Session(file, start, TimeSpan.FromSeconds(1), continues: false, until: _ => file.Length < bytes, out DateTimeOffset last);
        file.Write(writer.Lines.SessionEnd("duration", last.AddSeconds(1), count));
        Console.Error.WriteLine($"wrote {count:N0} book lines, {file.Length / 1e6:N0} MB to {path} in {clock.Elapsed.TotalSeconds:N1} s");
    }

    /// <summary>
    /// A healthy collection as one long session leaves it: <paramref name="days"/> consecutive daily files of about
    /// <paramref name="bytesPerFile"/> each, joined at midnight (end reason midnight, then a continuing start),
    /// with the line interval chosen to fill each day.
    /// </summary>
    public static void GenerateCollection(string directory, int days, long bytesPerFile, int depth, DateTimeOffset start)
    {
        Stopwatch clock = Stopwatch.StartNew();
        Directory.CreateDirectory(directory);
        Writer writer = new(depth);
        long lineBytes = writer.MeasureLine(start);
        TimeSpan interval = TimeSpan.FromTicks(Math.Max(Day.Ticks * lineBytes / bytesPerFile, TimeSpan.TicksPerMillisecond));
        long total = 0;
        for (int day = 0; day < days; day++)
        {
            DateTimeOffset midnight = start + (day * Day);
            string path = Path.Combine(directory, SessionFileName.For("BTC/USD", DateOnly.FromDateTime(midnight.UtcDateTime)));
            using FileStream file = Create(path);
            DateTimeOffset next = midnight + Day;
            long count = writer.Session(file, midnight, interval, continues: day > 0, until: t => t + interval < next, out _);
            file.Write(writer.Lines.SessionEnd(day == days - 1 ? "duration" : "midnight", day == days - 1 ? next - interval : next, count));
            total += file.Length;
        }

        Console.Error.WriteLine($"wrote {days} files, {total / 1e6:N0} MB, a line every {interval.TotalMilliseconds:N0} ms, to {directory} in {clock.Elapsed.TotalSeconds:N1} s");
    }

    private static FileStream Create(string path) => new(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);

    /// <summary>The production line writer fed from a random-walk market.</summary>
    private sealed class Writer(int depth)
    {
        private readonly MarketModel _market = new(1, 8, 67890.0m, Math.Max(depth, 25), new Random(1));
        private readonly LiveBook _live = new("BTC/USD", depth, TimeProvider.System) { PricePrecision = 1, QtyPrecision = 8, IsVerified = true, HasChecksum = true };

        public JsonlLineWriter Lines { get; } = new();

        public long MeasureLine(DateTimeOffset time) => Book(time).Length;

        public long Session(FileStream file, DateTimeOffset start, TimeSpan interval, bool continues, Func<DateTimeOffset, bool> until, out DateTimeOffset last)
        {
            file.Write(Lines.SessionStart(new SessionStartLine("kraken", "BTC/USD", depth, interval, 1, 8, [BookProof.Checksum], false, continues, "l2rec-bench", 1, start)));
            long count = 0;
            DateTimeOffset time = start;
            while (until(time))
            {
                time += interval;
                file.Write(Book(time));
                count++;
            }

            last = time;
            return count;
        }

        private ReadOnlySpan<byte> Book(DateTimeOffset time)
        {
            _market.Step();
            _market.Step();
            _live.Book.Clear();
            for (int i = 0; i < Math.Min(depth, _market.Bids.Count); i++)
            {
                _live.Book.Bids.Set(new FixedDecimal(_market.Bids[i].Price, 1), new FixedDecimal(_market.Bids[i].Qty, 8));
            }

            for (int i = 0; i < Math.Min(depth, _market.Asks.Count); i++)
            {
                _live.Book.Asks.Set(new FixedDecimal(_market.Asks[i].Price, 1), new FixedDecimal(_market.Asks[i].Qty, 8));
            }

            _live.ExchangeTime = time.AddMilliseconds(-2);
            _live.Checksum = KrakenChecksum.Compute(_live.Book);
            return Lines.Book("kraken", _live, time);
        }
    }
}
