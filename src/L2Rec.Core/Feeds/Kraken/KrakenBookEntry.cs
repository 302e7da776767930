using L2Rec.Books;

namespace L2Rec.Feeds.Kraken;

/// <summary>One element of a book frame's <c>data</c> array, held in reused arrays so parsing does not allocate.</summary>
public sealed class KrakenBookEntry
{
    private PriceLevel[] _bids = new PriceLevel[16];
    private PriceLevel[] _asks = new PriceLevel[16];

    /// <summary>Index of the symbol in the parser's list, or -1 for a symbol not asked for.</summary>
    public int SymbolIndex { get; internal set; }

    public int BidCount { get; private set; }

    public int AskCount { get; private set; }

    public ReadOnlySpan<PriceLevel> Bids => _bids.AsSpan(0, BidCount);

    public ReadOnlySpan<PriceLevel> Asks => _asks.AsSpan(0, AskCount);

    public bool HasChecksum { get; internal set; }

    public uint Checksum { get; internal set; }

    public DateTimeOffset? Timestamp { get; internal set; }

    internal void Reset()
    {
        SymbolIndex = -1;
        BidCount = 0;
        AskCount = 0;
        HasChecksum = false;
        Checksum = 0;
        Timestamp = null;
    }

    internal void AddBid(PriceLevel level) => Add(ref _bids, BidCount++, level);

    internal void AddAsk(PriceLevel level) => Add(ref _asks, AskCount++, level);

    private static void Add(ref PriceLevel[] levels, int index, PriceLevel level)
    {
        if (index == levels.Length)
        {
            Array.Resize(ref levels, levels.Length * 2);
        }

        levels[index] = level;
    }
}
