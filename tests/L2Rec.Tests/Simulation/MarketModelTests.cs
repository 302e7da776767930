using L2Rec.Simulation;

namespace L2Rec.Tests.Simulation;

public sealed class MarketModelTests
{
    [Theory]
    [InlineData(25)]
    [InlineData(100)]
    public void Sides_stay_strictly_ordered_uncrossed_and_deeper_than_the_window(int levels)
    {
        // The model inserts in order instead of sorting each step, so order is an invariant it must keep by itself.
        MarketModel market = new(1, 8, 45000m, levels, new Random(3));
        for (int step = 0; step < 5_000; step++)
        {
            market.Step();
            Check(market.Bids, descending: true, levels);
            Check(market.Asks, descending: false, levels);
            market.Bids[0].Price.Should().BeLessThan(market.Asks[0].Price);
        }
    }

    private static void Check(IReadOnlyList<(long Price, long Qty)> side, bool descending, int levels)
    {
        side.Count.Should().BeInRange(levels + 5, levels + 30);
        for (int i = 1; i < side.Count; i++)
        {
            bool ordered = descending ? side[i - 1].Price > side[i].Price : side[i - 1].Price < side[i].Price;
            if (!ordered)
            {
                throw new Xunit.Sdk.XunitException($"level {i} out of order: {side[i - 1].Price} then {side[i].Price}");
            }
        }

        side.Should().OnlyContain(level => level.Price > 0 && level.Qty > 0);
    }
}
