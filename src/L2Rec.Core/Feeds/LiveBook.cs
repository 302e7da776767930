using L2Rec.Books;

namespace L2Rec.Feeds;

/// <summary>
/// One symbol's book as a feed keeps it, with what a recorder needs to write it: whether it is verified, the
/// exchange and local times of the last applied message, the checksum it matched, and the pair's precisions.
/// Readers outside the feed's thread take <see cref="Sync"/> first.
/// </summary>
public sealed class LiveBook(string symbol, int depth, TimeProvider timeProvider, FrameClock? clock = null)
{
    private readonly FrameClock _clock = clock ?? new FrameClock();

    /// <summary>How long a book stays current without any frame on its connection (heartbeats count).</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(3);

    public string Symbol { get; } = symbol;

    public OrderBook Book { get; } = new(depth);

    public Lock Sync { get; } = new();

    /// <summary>True from a verified snapshot until the book is dropped (mismatch, disconnect, staleness).</summary>
    public bool IsVerified { get; set; }

    /// <summary>The exchange's time of the last applied message (the receive time where it gave none).</summary>
    public DateTimeOffset ExchangeTime { get; set; }

    /// <summary>The local time the last applied message arrived.</summary>
    public DateTimeOffset ReceiveTime { get; set; }

    public uint Checksum { get; set; }

    /// <summary>Fractional digits of prices, or -1 while unknown.</summary>
    public int PricePrecision { get; set; } = -1;

    /// <summary>Fractional digits of quantities, or -1 while unknown.</summary>
    public int QtyPrecision { get; set; } = -1;

    /// <summary>Notes that the book's connection delivered a frame (on the clock it may share with other books).</summary>
    public void Touch(long timestamp) => _clock.Touch(timestamp);

    /// <summary>Verified, and its connection has spoken within <see cref="FreshFor"/>.</summary>
    public bool IsCurrent =>
        IsVerified && timeProvider.GetElapsedTime(_clock.LastFrameTimestamp) <= FreshFor;
}
