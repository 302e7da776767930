using System.Text;
using BenchmarkDotNet.Attributes;
using L2Rec.Analysis;
using L2Rec.Books;
using L2Rec.Feeds;
using L2Rec.Feeds.Kraken;
using L2Rec.Recording;
using L2Rec.Simulation;

namespace L2Rec.Benchmarks;

/// <summary>The per-message and per-line costs of the hot paths, with allocations.</summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private readonly KrakenFrameParser _parser = new(["BTC/USD"]);
    private readonly KrakenFrame _frame = new();
    private readonly JsonlLineWriter _lines = new();
    private readonly KrakenChecksumCache _checksum = new();
    private byte[][] _updates = [];
    private byte[] _snapshot = [];
    private LiveBook _live = null!;
    private int _next;
    private string _validateFile = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        // A recorded stream from the simulator's market: one snapshot, then updates with correct checksums.
        MarketModel market = new(1, 8, 67890.0m, 25, new Random(5));
        (PriceLevel[] Bids, PriceLevel[] Asks) view = View(market);
        _snapshot = Frame("snapshot", view.Bids, view.Asks, KrakenChecksum.Compute(view.Asks, view.Bids));
        List<byte[]> updates = [];
        while (updates.Count < 4096)
        {
            market.Step();
            (PriceLevel[] bids, PriceLevel[] asks) = View(market);
            List<PriceLevel> changedBids = Changes(view.Bids, bids);
            List<PriceLevel> changedAsks = Changes(view.Asks, asks);
            view = (bids, asks);
            if (changedBids.Count + changedAsks.Count > 0)
            {
                updates.Add(Frame("update", [.. changedBids], [.. changedAsks], KrakenChecksum.Compute(asks, bids)));
            }
        }

        _updates = [.. updates];
        _live = new LiveBook("BTC/USD", 10, TimeProvider.System) { PricePrecision = 1, QtyPrecision = 8, HasChecksum = true };
        ApplySnapshot();

        _validateFile = Path.Combine(Path.GetTempPath(), "l2rec-bench-validate.jsonl");
        DataFileGenerator.Generate(_validateFile, 64_000_000, 10, new DateTimeOffset(2025, 10, 23, 0, 0, 0, TimeSpan.Zero));
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_validateFile);

    /// <summary>Parse one update frame, apply it, verify its CRC32: the recorder's work per message.</summary>
    [Benchmark(OperationsPerInvoke = 4096)]
    public int ParseApplyVerify()
    {
        int failures = 0;
        for (int i = 0; i < 4096; i++)
        {
            if (_next == _updates.Length)
            {
                ApplySnapshot();
                _next = 0;
            }

            _parser.TryParse(_updates[_next++], _frame);
            if (KrakenBookApplier.Apply(_live, _frame.Entry(0), snapshot: false, precisionKnown: true, _checksum) is not null)
            {
                failures++;
            }
        }

        return failures;
    }

    [Benchmark]
    public uint Checksum() => KrakenChecksum.Compute(_live.Book);

    [Benchmark]
    public int JsonlBookLine() => _lines.Book("kraken", _live, _live.ReceiveTime).Length;

    /// <summary>Validate a 64 MB file end to end (read, parse, checksum); MB/s = 64 / mean seconds.</summary>
    [Benchmark]
    public double Validate64MB() => new FileValidator().Validate(_validateFile).Score;

    private void ApplySnapshot()
    {
        _parser.TryParse(_snapshot, _frame);
        KrakenBookApplier.Apply(_live, _frame.Entry(0), snapshot: true, precisionKnown: true, _checksum);
        _live.IsVerified = true;
    }

    private static (PriceLevel[] Bids, PriceLevel[] Asks) View(MarketModel market) =>
        ([.. market.Bids.Take(10).Select(l => new PriceLevel(new FixedDecimal(l.Price, 1), new FixedDecimal(l.Qty, 8)))],
         [.. market.Asks.Take(10).Select(l => new PriceLevel(new FixedDecimal(l.Price, 1), new FixedDecimal(l.Qty, 8)))]);

    private static List<PriceLevel> Changes(PriceLevel[] before, PriceLevel[] after)
    {
        List<PriceLevel> changes = [.. before.Where(o => !after.Any(n => n.Price == o.Price)).Select(o => new PriceLevel(o.Price, new FixedDecimal(0, 8)))];
        changes.AddRange(after.Where(n => !before.Any(o => o.Price == n.Price && o.Qty == n.Qty)));
        return changes;
    }

    private static byte[] Frame(string type, PriceLevel[] bids, PriceLevel[] asks, uint checksum)
    {
        static string Side(PriceLevel[] levels) => string.Join(',', levels.Select(l => $"{{\"price\":{l.Price},\"qty\":{l.Qty}}}"));
        return Encoding.UTF8.GetBytes($"{{\"channel\":\"book\",\"type\":\"{type}\",\"data\":[{{\"symbol\":\"BTC/USD\",\"bids\":[{Side(bids)}],\"asks\":[{Side(asks)}],\"checksum\":{checksum},\"timestamp\":\"2025-10-23T10:00:00.123456Z\"}}]}}");
    }
}
