using L2Rec.Books;
using L2Rec.Feeds.Healing;

namespace L2Rec.Feeds;

/// <summary>
/// One symbol's book as a feed keeps it, with what a recorder needs to write it: whether it is proven, the exchange
/// and local times of the last applied message, the evidence it was proven by (a checksum, an update id), how deep
/// it is written and which price band the recorder can vouch for, and the pair's precisions. Readers outside the
/// feed's thread take <see cref="Sync"/> first.
/// </summary>
public sealed class LiveBook(string symbol, int keepDepth, TimeProvider timeProvider, FrameClock? clock = null, int? writeDepth = null)
{
    private readonly FrameClock _clock = clock ?? new FrameClock();

    /// <summary>How long a book stays current without any frame on its connection (heartbeats and probe answers count).</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(3);

    public string Symbol { get; } = symbol;

    /// <summary>The book as deep as its protocol needs (Kraken: the subscribed window; Binance: the whole snapshot).</summary>
    public OrderBook Book { get; } = new(keepDepth);

    /// <summary>Levels per side a book line holds at most (<c>--depth</c>).</summary>
    public int WriteDepth { get; } = writeDepth ?? keepDepth;

    public Lock Sync { get; } = new();

    /// <summary>True from a proven snapshot until the book is dropped (proof failure, disconnect, staleness).</summary>
    public bool IsVerified { get; set; }

    /// <summary>The exchange's time of the last applied message (the receive time where it gave none).</summary>
    public DateTimeOffset ExchangeTime { get; set; }

    /// <summary>The local time the last applied message arrived.</summary>
    public DateTimeOffset ReceiveTime { get; set; }

    /// <summary>True when the book was proven by the exchange's checksum, <see cref="Checksum"/>.</summary>
    public bool HasChecksum { get; set; }

    public uint Checksum { get; set; }

    /// <summary>True when the book was proven by an unbroken chain of update ids, the last being <see cref="Sequence"/>.</summary>
    public bool HasSequence { get; set; }

    public long Sequence { get; set; }

    /// <summary>
    /// The lowest bid price the recorder can vouch for (Binance: the low end of the last REST snapshot's band), or
    /// null when every level kept is known. Levels beyond it are kept for the protocol but never written.
    /// </summary>
    public FixedDecimal? BidFloor { get; set; }

    /// <summary>The highest ask price the recorder can vouch for, or null when every level kept is known.</summary>
    public FixedDecimal? AskCeiling { get; set; }

    /// <summary>Fractional digits of prices, or -1 while unknown.</summary>
    public int PricePrecision { get; set; } = -1;

    /// <summary>Fractional digits of quantities, or -1 while unknown.</summary>
    public int QtyPrecision { get; set; } = -1;

    /// <summary>The bids a book line may hold: best first, at most <see cref="WriteDepth"/>, none outside the band.</summary>
    public ReadOnlySpan<PriceLevel> WritableBids
    {
        get
        {
            ReadOnlySpan<PriceLevel> levels = Book.Bids.Levels;
            int count = Math.Min(levels.Length, WriteDepth);
            if (BidFloor is FixedDecimal floor)
            {
                // Best first: the levels inside the band are a prefix.
                int inside = 0;
                while (inside < count && levels[inside].Price >= floor)
                {
                    inside++;
                }

                count = inside;
            }

            return levels[..count];
        }
    }

    /// <summary>The asks a book line may hold: best first, at most <see cref="WriteDepth"/>, none outside the band.</summary>
    public ReadOnlySpan<PriceLevel> WritableAsks
    {
        get
        {
            ReadOnlySpan<PriceLevel> levels = Book.Asks.Levels;
            int count = Math.Min(levels.Length, WriteDepth);
            if (AskCeiling is FixedDecimal ceiling)
            {
                int inside = 0;
                while (inside < count && levels[inside].Price <= ceiling)
                {
                    inside++;
                }

                count = inside;
            }

            return levels[..count];
        }
    }

    /// <summary>Notes that the book's connection delivered a frame (on the clock it may share with other books).</summary>
    public void Touch(long timestamp) => _clock.Touch(timestamp);

    /// <summary>Proven, and its connection has spoken within <see cref="FreshFor"/>.</summary>
    public bool IsCurrent =>
        IsVerified && timeProvider.GetElapsedTime(_clock.LastFrameTimestamp) <= FreshFor;
}
