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
    public static void Generate(string path, long bytes, int depth, DateTimeOffset start)
    {
        Stopwatch clock = Stopwatch.StartNew();
        MarketModel market = new(1, 8, 67890.0m, Math.Max(depth, 25), new Random(1));
        LiveBook live = new("BTC/USD", depth, TimeProvider.System) { PricePrecision = 1, QtyPrecision = 8, IsVerified = true };
        JsonlLineWriter lines = new();
        using FileStream file = new(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        file.Write(lines.SessionStart(new SessionStartLine("kraken", "BTC/USD", depth, TimeSpan.FromSeconds(1), 1, 8, false, false, "l2rec-bench", 1, start)));
        long count = 0;
        DateTimeOffset time = start;
        while (file.Length < bytes)
        {
            market.Step();
            market.Step();
            time = time.AddSeconds(1);
            live.Book.Clear();
            for (int i = 0; i < Math.Min(depth, market.Bids.Count); i++)
            {
                live.Book.Bids.Set(new FixedDecimal(market.Bids[i].Price, 1), new FixedDecimal(market.Bids[i].Qty, 8));
            }

            for (int i = 0; i < Math.Min(depth, market.Asks.Count); i++)
            {
                live.Book.Asks.Set(new FixedDecimal(market.Asks[i].Price, 1), new FixedDecimal(market.Asks[i].Qty, 8));
            }

            live.ExchangeTime = time.AddMilliseconds(-2);
            live.Checksum = KrakenChecksum.Compute(live.Book);
            file.Write(lines.Book("kraken", live, time));
            count++;
        }

        file.Write(lines.SessionEnd("duration", time.AddSeconds(1), count));
        Console.Error.WriteLine($"wrote {count:N0} book lines, {file.Length / 1e6:N0} MB to {path} in {clock.Elapsed.TotalSeconds:N1} s");
    }
}
