using L2Rec.Books;
using L2Rec.Feeds.Kraken;

namespace L2Rec.Tests.Feeds;

public sealed class KrakenChecksumCacheTests
{
    [Fact]
    public void A_book_changing_message_by_message_gets_the_same_checksum_as_a_fresh_computation()
    {
        // Levels come and go at every position (shifting the rest), quantities change, a quantity gains a digit
        // (same value, other token), sides run empty and refill: the cache must follow all of it.
        Random random = new(21);
        OrderBook book = new(25);
        KrakenChecksumCache cache = new();
        for (int step = 0; step < 20_000; step++)
        {
            BookSide side = random.Next(2) == 0 ? book.Bids : book.Asks;
            int roll = random.Next(100);
            if (roll < 40 || side.Count == 0)
            {
                side.Set(new FixedDecimal(random.NextInt64(1000, 1040), 1), new FixedDecimal(random.NextInt64(1, 1_000_000_000), 8));
            }
            else if (roll < 70)
            {
                PriceLevel level = side[random.Next(side.Count)];
                side.Set(level.Price, new FixedDecimal(0, 8));
            }
            else if (roll < 90)
            {
                PriceLevel level = side[random.Next(Math.Min(side.Count, 3))];
                side.Set(level.Price, new FixedDecimal(random.NextInt64(1, 1_000_000_000), 8));
            }
            else if (roll < 97)
            {
                // The same value written with one more digit: equal values, another token.
                PriceLevel level = side[random.Next(side.Count)];
                side.Set(level.Price, level.Qty.PadTo(level.Qty.Scale + 1));
            }
            else
            {
                side.Clear();
            }

            book.Truncate();
            uint expected = KrakenChecksum.Compute(book);
            if (cache.Compute(book) != expected)
            {
                throw new Xunit.Sdk.XunitException($"step {step}: cache gives another checksum than {expected}");
            }
        }
    }

    [Fact]
    public void The_documented_vector_comes_out_the_same_through_the_cache_twice()
    {
        PriceLevel[] asks = [L("45285.2", "0.00100000"), L("45286.4", "1.54571953")];
        PriceLevel[] bids = [L("45283.5", "0.10000000"), L("45283.4", "1.54582015")];
        KrakenChecksumCache cache = new();

        uint first = cache.Compute(asks, bids);
        uint second = cache.Compute(asks, bids);

        first.Should().Be(KrakenChecksum.Compute(asks, bids)).And.Be(second);
        cache.Compute([], []).Should().Be(0u);
    }

    private static PriceLevel L(string price, string qty) => new(FixedDecimal.Parse(price), FixedDecimal.Parse(qty));
}
