using L2Rec.Books;

namespace L2Rec.Feeds.Binance;

/// <summary>
/// Depth events kept in arrival order while a book waits for its snapshot: the headers in one array, every level in
/// another. Both are reused after <see cref="Clear"/>, so a book that re-syncs again and again stops allocating.
/// </summary>
internal sealed class DepthEventBuffer
{
    private Entry[] _entries = new Entry[16];
    private PriceLevel[] _levels = new PriceLevel[256];
    private int _levelCount;

    public int Count { get; private set; }

    public DepthEvent this[int index] => _entries[index].Event;

    public ReadOnlySpan<PriceLevel> Bids(int index) => _levels.AsSpan(_entries[index].BidStart, _entries[index].BidCount);

    public ReadOnlySpan<PriceLevel> Asks(int index) => _levels.AsSpan(_entries[index].BidStart + _entries[index].BidCount, _entries[index].AskCount);

    public void Clear()
    {
        Count = 0;
        _levelCount = 0;
    }

    public void Add(in DepthEvent depthEvent, ReadOnlySpan<PriceLevel> bids, ReadOnlySpan<PriceLevel> asks)
    {
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        int needed = _levelCount + bids.Length + asks.Length;
        if (needed > _levels.Length)
        {
            Array.Resize(ref _levels, Math.Max(needed, _levels.Length * 2));
        }

        bids.CopyTo(_levels.AsSpan(_levelCount));
        asks.CopyTo(_levels.AsSpan(_levelCount + bids.Length));
        _entries[Count++] = new Entry(depthEvent, _levelCount, bids.Length, asks.Length);
        _levelCount = needed;
    }

    /// <summary>Forgets the first <paramref name="count"/> events, keeping the rest in order.</summary>
    public void RemoveFirst(int count)
    {
        if (count <= 0)
        {
            return;
        }

        if (count >= Count)
        {
            Clear();
            return;
        }

        int levelStart = _entries[count].BidStart;
        Array.Copy(_levels, levelStart, _levels, 0, _levelCount - levelStart);
        _levelCount -= levelStart;
        for (int i = count; i < Count; i++)
        {
            Entry entry = _entries[i];
            _entries[i - count] = entry with { BidStart = entry.BidStart - levelStart };
        }

        Count -= count;
    }

    private readonly record struct Entry(DepthEvent Event, int BidStart, int BidCount, int AskCount);
}
