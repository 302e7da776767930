using L2Rec.Books;
using L2Rec.Feeds;
using L2Rec.Feeds.Kraken;

namespace L2Rec.Tests.Support;

/// <summary>An in-process feed the test drives: verified books with real checksums, outages, heartbeats.</summary>
public sealed class ScriptedFeed(TimeProvider time, params string[] symbols) : IBookFeed
{
    private readonly TaskCompletionSource<IBookSink> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _step;

    public Dictionary<string, LiveBook> Books { get; } =
        symbols.ToDictionary(s => s, s => new LiveBook(s, 10, time) { PricePrecision = 1, QtyPrecision = 8 });

    public string Exchange => "kraken";

    public IReadOnlyList<string> Proof { get; } = [BookProof.Checksum];

    public Task<IBookSink> Started => _started.Task;

    /// <summary>What <see cref="CheckSymbolsAsync"/> answers; every symbol listed unless a test says otherwise.</summary>
    public SymbolListing Listing { get; set; } = SymbolListing.Checked([]);

    public Task<SymbolListing> CheckSymbolsAsync(CancellationToken cancellationToken) => Task.FromResult(Listing);

    public async Task RunAsync(IBookSink sink, CancellationToken cancellationToken)
    {
        _started.TrySetResult(sink);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A new verified state of the book (every call changes the levels).</summary>
    public void Update(string symbol)
    {
        IBookSink sink = Started.Result;
        LiveBook live = Books[symbol];
        int step = Interlocked.Increment(ref _step);
        lock (live.Sync)
        {
            live.Book.Clear();
            for (int i = 0; i < 10; i++)
            {
                live.Book.Bids.Set(new FixedDecimal(1000 - i, 1), new FixedDecimal(100_000_000 + step + i, 8));
                live.Book.Asks.Set(new FixedDecimal(1001 + i, 1), new FixedDecimal(50_000_000 + step + i, 8));
            }

            DateTimeOffset now = time.GetUtcNow();
            live.IsVerified = true;
            live.ExchangeTime = now;
            live.ReceiveTime = now;
            live.Checksum = KrakenChecksum.Compute(live.Book);
            live.HasChecksum = true;
            live.Touch(time.GetTimestamp());
            sink.OnBookVerified(live);
        }
    }

    public void Lose(string symbol, OutageReason reason, string detail = "test outage")
    {
        LiveBook live = Books[symbol];
        lock (live.Sync)
        {
            live.IsVerified = false;
            live.Book.Clear();
        }

        Started.Result.OnBooksLost([live], reason, detail);
    }

    /// <summary>One fault that takes every book down at once, as a disconnect does.</summary>
    public void LoseAll(OutageReason reason, string detail = "test outage")
    {
        foreach (LiveBook live in Books.Values)
        {
            lock (live.Sync)
            {
                live.IsVerified = false;
                live.Book.Clear();
            }
        }

        Started.Result.OnBooksLost([.. Books.Values], reason, detail);
    }

    /// <summary>The exchange stops listing the symbol.</summary>
    public void End(string symbol, string detail = "delisted in a test")
    {
        LiveBook live = Books[symbol];
        lock (live.Sync)
        {
            live.IsVerified = false;
            live.Book.Clear();
        }

        Started.Result.OnBookEnded(live, detail);
    }
}
