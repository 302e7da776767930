using L2Rec.Books;

namespace L2Rec.Tests.Books;

public sealed class OrderBookTests
{
    private static FixedDecimal D(string text) => FixedDecimal.Parse(text);

    [Fact]
    public void Sides_stay_sorted_best_first_whatever_the_input_order()
    {
        OrderBook book = new(10);
        foreach (string price in new[] { "100.2", "100.5", "99.9", "100.0" })
        {
            book.Bids.Set(D(price), D("1.0"));
            book.Asks.Set(D((decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture) + 10).ToString(System.Globalization.CultureInfo.InvariantCulture)), D("1.0"));
        }

        book.Bids.Levels.ToArray().Select(l => l.Price.ToString()).Should().Equal("100.5", "100.2", "100.0", "99.9");
        book.Asks.Levels.ToArray().Select(l => l.Price.ToString()).Should().Equal("109.9", "110.0", "110.2", "110.5");
    }

    [Fact]
    public void Zero_quantity_deletes_and_a_delete_for_an_unknown_price_is_ignored()
    {
        OrderBook book = new(10);
        book.Bids.Set(D("10.0"), D("1.0"));
        book.Bids.Set(D("9.0"), D("2.0"));
        book.Bids.Set(D("10.0"), D("0.00000000"));
        book.Bids.Set(D("8.0"), D("0"));
        book.Bids.Levels.ToArray().Should().ContainSingle().Which.Price.ToString().Should().Be("9.0");
    }

    [Fact]
    public void The_last_entry_for_a_repeated_price_wins()
    {
        OrderBook book = new(10);
        book.Asks.Set(D("5.0"), D("1.0"));
        book.Asks.Set(D("5.0"), D("3.0"));
        book.Asks[0].Qty.ToString().Should().Be("3.0");
    }

    [Fact]
    public void Truncation_keeps_the_best_levels_and_only_happens_when_asked()
    {
        OrderBook book = new(3);
        for (int i = 1; i <= 5; i++)
        {
            book.Asks.Set(D($"{i}.0"), D("1.0"));
        }

        // Levels beyond the depth are kept until the whole message is applied: a deletion may promote them.
        book.Asks.Count.Should().Be(5);
        book.Asks.Set(D("1.0"), D("0"));
        book.Truncate();
        book.Asks.Levels.ToArray().Select(l => l.Price.ToString()).Should().Equal("2.0", "3.0", "4.0");
    }

    [Fact]
    public void A_book_grows_past_its_initial_capacity()
    {
        OrderBook book = new(1000);
        for (int i = 1; i <= 1200; i++)
        {
            book.Bids.Set(new FixedDecimal(i, 1), D("1.0"));
        }

        book.Truncate();
        book.Bids.Count.Should().Be(1000);
        book.Bids[0].Price.ToString().Should().Be("120.0");
    }

    [Fact]
    public void Crossed_books_are_recognised()
    {
        OrderBook book = new(10);
        book.Bids.Set(D("10.0"), D("1"));
        book.Asks.Set(D("10.0"), D("1"));
        book.IsCrossed.Should().BeTrue();
    }
}
