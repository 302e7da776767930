namespace L2Rec.Simulation;

/// <summary>
/// A random-walk order book in integer ticks (price units at the pair's precision) and lots (qty units): levels appear,
/// change and vanish, mostly near the top, and the best prices drift as trades eat the touch. The book is kept deeper
/// than any subscription so that a deleted level is replaced from beyond the window, as on the exchange.
/// </summary>
/// <remarks>
/// The original model (Kraken's: one per connection, a window deep) lets the spread widen by a tick every few steps,
/// which no one sees in a connection's life. A <c>deep</c> model (Binance's: one book of thousands of levels a side,
/// shared by the whole server for hours) is anchored to a fair price that random-walks: new levels land near it,
/// trades and cancels take the touch, a move of the fair price sweeps the levels it crosses, and one step in twenty
/// touches a level anywhere in the book, so changes beyond any snapshot's band happen too. Its spread stays a few ticks.
/// </remarks>
public sealed class MarketModel
{
    private readonly Random _random;
    private readonly int _levels;
    private readonly List<(long Price, long Qty)> _bids = [];
    private readonly List<(long Price, long Qty)> _asks = [];
    private readonly long _lot;
    private readonly bool _deep;
    private long _fair;

    public MarketModel(int pricePrecision, int qtyPrecision, decimal startPrice, int levels, Random random)
        : this(pricePrecision, qtyPrecision, startPrice, levels, random, deep: false)
    {
    }

    public MarketModel(int pricePrecision, int qtyPrecision, decimal startPrice, int levels, Random random, bool deep)
    {
        _deep = deep;
        PricePrecision = pricePrecision;
        QtyPrecision = qtyPrecision;
        _random = random;
        _levels = levels;
        _lot = Pow10(qtyPrecision);
        long mid = Math.Max((long)(startPrice * Pow10(pricePrecision)), 4L * levels + 10);
        _fair = mid - 1;
        for (int i = 0; i < levels + 10; i++)
        {
            _bids.Add((mid - 1 - (i * 2) - _random.Next(0, 2), RandomQty()));
            _asks.Add((mid + 1 + (i * 2) + _random.Next(0, 2), RandomQty()));
        }

        // Steps of two with a jitter of one keep both sides strictly ordered from the start; every later change
        // inserts in order, so the sides never need sorting.

        Normalise();
    }

    public int PricePrecision { get; }

    public int QtyPrecision { get; }

    /// <summary>Bids best (highest) first, as (price units, qty units).</summary>
    public IReadOnlyList<(long Price, long Qty)> Bids => _bids;

    /// <summary>Asks best (lowest) first.</summary>
    public IReadOnlyList<(long Price, long Qty)> Asks => _asks;

    /// <summary>
    /// When set, told of every level a step sets or removes, in order: (bid side?, price units, qty units; 0 removed).
    /// An exchange that publishes level changes (Binance's diff depth) listens here; Kraken's diff of windows does not.
    /// </summary>
    public Action<bool, long, long>? LevelChanged { get; set; }

    /// <summary>One market event touching one to three levels.</summary>
    public void Step()
    {
        if (_deep)
        {
            StepDeep();
            return;
        }

        bool bid = _random.Next(2) == 0;
        List<(long Price, long Qty)> side = bid ? _bids : _asks;
        int roll = _random.Next(100);
        if (roll < 45)
        {
            int index = NearTop(side.Count);
            side[index] = (side[index].Price, RandomQty());
            LevelChanged?.Invoke(bid, side[index].Price, side[index].Qty);
        }
        else if (roll < 65)
        {
            AddLevel(bid);
        }
        else if (roll < 85)
        {
            if (side.Count > _levels / 2 + 2)
            {
                RemoveAt(side, bid, NearTop(side.Count));
            }
        }
        else
        {
            // A trade takes the touch; the other side often follows.
            RemoveAt(side, bid, 0);
            if (_random.Next(2) == 0)
            {
                AddLevel(!bid, improve: true);
            }
        }

        Normalise();
    }

    /// <summary>
    /// One event of a deep book. Bids stay at or below the fair price, asks above it, so the book never crosses.
    /// </summary>
    private void StepDeep()
    {
        bool bid = _random.Next(2) == 0;
        List<(long Price, long Qty)> side = bid ? _bids : _asks;
        int roll = _random.Next(100);
        if (roll < 40)
        {
            int index = NearTop(side.Count);
            side[index] = (side[index].Price, RandomQty());
            LevelChanged?.Invoke(bid, side[index].Price, side[index].Qty);
        }
        else if (roll < 70)
        {
            // A new order near the fair price: an exponential distance averaging 12 ticks.
            long distance = (long)(-Math.Log(1 - _random.NextDouble()) * 12);
            SetLevel(side, bid, bid ? _fair - distance : _fair + 1 + distance);
        }
        else if (roll < 85)
        {
            if (side.Count > _levels / 2 + 2)
            {
                RemoveAt(side, bid, NearTop(side.Count));
            }
        }
        else if (roll < 92)
        {
            // A trade takes the touch.
            RemoveAt(side, bid, 0);
        }
        else if (roll < 96)
        {
            // Anywhere in the book, far beyond any snapshot sometimes.
            int index = _random.Next(side.Count);
            if (_random.Next(2) == 0 || side.Count <= _levels / 2 + 2)
            {
                side[index] = (side[index].Price, RandomQty());
                LevelChanged?.Invoke(bid, side[index].Price, side[index].Qty);
            }
            else
            {
                RemoveAt(side, bid, index);
            }
        }
        else
        {
            // The fair price moves a few ticks and sweeps what it crosses.
            long move = _random.Next(1, 4) * (_random.Next(2) == 0 ? -1 : 1);
            _fair = Math.Max(_fair + move, 1);
            while (_asks.Count > 0 && _asks[0].Price <= _fair)
            {
                RemoveAt(_asks, bid: false, 0);
            }

            while (_bids.Count > 0 && _bids[0].Price > _fair)
            {
                RemoveAt(_bids, bid: true, 0);
            }
        }

        Normalise();
    }

    private void SetLevel(List<(long Price, long Qty)> side, bool bid, long price)
    {
        if (price <= 0)
        {
            return;
        }

        int index = Locate(side, price, bid);
        if (index >= 0)
        {
            side[index] = (price, RandomQty());
        }
        else
        {
            index = ~index;
            side.Insert(index, (price, RandomQty()));
        }

        LevelChanged?.Invoke(bid, price, side[index].Qty);
    }

    private void AddLevel(bool bid, bool improve = false)
    {
        List<(long Price, long Qty)> side = bid ? _bids : _asks;
        long bestBid = _bids.Count > 0 ? _bids[0].Price : _asks[0].Price - 2;
        long bestAsk = _asks.Count > 0 ? _asks[0].Price : bestBid + 2;
        long price;
        if (improve || _random.Next(4) == 0)
        {
            // Inside the spread when there is room, else just behind the touch.
            price = bid ? Math.Min(bestBid + 1, bestAsk - 1) : Math.Max(bestAsk - 1, bestBid + 1);
        }
        else
        {
            long worst = side.Count > 0 ? side[^1].Price : (bid ? bestBid : bestAsk);
            long span = Math.Max(Math.Abs(worst - (bid ? bestBid : bestAsk)), 4);
            long offset = _random.NextInt64(0, span + 3);
            price = bid ? bestBid - offset : bestAsk + offset;
        }

        SetLevel(side, bid, price);
    }

    private void RemoveAt(List<(long Price, long Qty)> side, bool bid, int index)
    {
        long price = side[index].Price;
        side.RemoveAt(index);
        LevelChanged?.Invoke(bid, price, 0);
    }

    /// <summary>
    /// Binary search of a side kept in its own order (bids falling, asks rising): the level's index, or the bitwise
    /// complement of where it belongs. Keeping the sides sorted on insert spares a sort per step.
    /// </summary>
    private static int Locate(List<(long Price, long Qty)> side, long price, bool bid)
    {
        int low = 0;
        int high = side.Count - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            long at = side[middle].Price;
            if (at == price)
            {
                return middle;
            }

            if (bid ? at > price : at < price)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    private void Normalise()
    {
        // Never crossed or locked: drop whatever would cross (the newer side wins the touch).
        while (_bids.Count > 0 && _asks.Count > 0 && _bids[0].Price >= _asks[0].Price)
        {
            if (_random.Next(2) == 0)
            {
                RemoveAt(_asks, bid: false, 0);
            }
            else
            {
                RemoveAt(_bids, bid: true, 0);
            }
        }

        Refill(_bids, bid: true);
        Refill(_asks, bid: false);
        Trim(_bids, bid: true);
        Trim(_asks, bid: false);
    }

    private void Trim(List<(long Price, long Qty)> side, bool bid)
    {
        int keep = _levels + 30;
        if (side.Count > keep)
        {
            if (LevelChanged is { } changed)
            {
                for (int i = keep; i < side.Count; i++)
                {
                    changed(bid, side[i].Price, 0);
                }
            }

            side.RemoveRange(keep, side.Count - keep);
        }
    }

    private void Refill(List<(long Price, long Qty)> side, bool bid)
    {
        while (side.Count < _levels + 5)
        {
            long last = side.Count > 0 ? side[^1].Price : (bid ? _asks[0].Price - 1 : _bids[0].Price + 1);
            long price = bid ? last - 1 - _random.Next(0, 3) : last + 1 + _random.Next(0, 3);
            if (price <= 0)
            {
                return;
            }

            side.Add((price, RandomQty()));
            LevelChanged?.Invoke(bid, price, side[^1].Qty);
        }
    }

    private int NearTop(int count)
    {
        // Geometric-ish: most activity at the first levels.
        int index = 0;
        while (index < count - 1 && _random.Next(3) != 0)
        {
            index++;
        }

        return index;
    }

    private long RandomQty()
    {
        // From a hundredth of a lot to a few lots, with all the qty precision's digits in use.
        long qty = _random.NextInt64(Math.Max(_lot / 100, 1), (_lot * 5) + 1);
        return Math.Max(qty, 1);
    }

    private static long Pow10(int n)
    {
        long value = 1;
        for (int i = 0; i < n; i++)
        {
            value *= 10;
        }

        return value;
    }
}
