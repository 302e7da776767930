using L2Rec.Books;

namespace L2Rec.Feeds.Kraken;

/// <summary>
/// Applies one book element to a symbol's book, the way Kraken's rules say: a snapshot replaces the book; an update's
/// levels are applied in wire order (qty 0 deletes, the last entry for a price wins), then the book is cut back to
/// the subscribed depth once, then the checksum is compared. The caller holds <see cref="LiveBook.Sync"/>.
/// </summary>
public static class KrakenBookApplier
{
    /// <summary>Applies and verifies; returns null when the checksum matched, else what went wrong.</summary>
    public static string? Apply(LiveBook live, KrakenBookEntry entry, bool snapshot, bool precisionKnown, KrakenChecksumCache checksum)
    {
        OrderBook book = live.Book;
        if (snapshot)
        {
            book.Clear();
            if (!precisionKnown)
            {
                InferPrecision(live, entry);
            }
        }

        ApplySide(book.Bids, entry.Bids, live);
        ApplySide(book.Asks, entry.Asks, live);
        book.Truncate();

        if (!entry.HasChecksum)
        {
            // Never seen from v2; a book that cannot be checked is not verified, so it is dropped and fetched again.
            return "book message without a checksum";
        }

        uint computed = checksum.Compute(book);
        return computed == entry.Checksum ? null : $"checksum mismatch: exchange {entry.Checksum}, book {computed}";
    }

    private static void ApplySide(BookSide side, ReadOnlySpan<PriceLevel> levels, LiveBook live)
    {
        foreach (PriceLevel level in levels)
        {
            FixedDecimal price = live.PricePrecision >= 0 ? level.Price.PadTo(live.PricePrecision) : level.Price;
            FixedDecimal qty = live.QtyPrecision >= 0 ? level.Qty.PadTo(live.QtyPrecision) : level.Qty;
            side.Set(price, qty);
        }
    }

    /// <summary>Until the instrument channel answers, the snapshot's own wire digits give the precision.</summary>
    private static void InferPrecision(LiveBook live, KrakenBookEntry entry)
    {
        int price = -1;
        int qty = -1;
        foreach (PriceLevel level in entry.Bids)
        {
            price = Math.Max(price, level.Price.Scale);
            qty = Math.Max(qty, level.Qty.Scale);
        }

        foreach (PriceLevel level in entry.Asks)
        {
            price = Math.Max(price, level.Price.Scale);
            qty = Math.Max(qty, level.Qty.Scale);
        }

        live.PricePrecision = price;
        live.QtyPrecision = qty;
    }
}
