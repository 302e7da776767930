namespace L2Rec.Books;

/// <summary>
/// A local L2 book at a fixed depth: bids best (highest) first, asks best (lowest) first. It knows nothing of any
/// exchange; the feed applies levels in wire order and calls <see cref="Truncate"/> once per message.
/// </summary>
public sealed class OrderBook
{
    public OrderBook(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        Depth = depth;
        Bids = new BookSide(descending: true, initialCapacity: depth + 8);
        Asks = new BookSide(descending: false, initialCapacity: depth + 8);
    }

    public int Depth { get; }

    public BookSide Bids { get; }

    public BookSide Asks { get; }

    public bool IsEmpty => Bids.Count == 0 && Asks.Count == 0;

    public void Clear()
    {
        Bids.Clear();
        Asks.Clear();
    }

    /// <summary>Cuts both sides back to the depth, after a whole message has been applied (never per level).</summary>
    public void Truncate()
    {
        Bids.Truncate(Depth);
        Asks.Truncate(Depth);
    }

    /// <summary>True when the best bid is at or above the best ask, which a healthy book never shows.</summary>
    public bool IsCrossed => Bids.Count > 0 && Asks.Count > 0 && Bids[0].Price >= Asks[0].Price;
}
