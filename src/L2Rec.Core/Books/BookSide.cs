namespace L2Rec.Books;

/// <summary>
/// One side of a book, kept sorted best first in a reused array: an update is a binary search and a shift, with no
/// allocation once the array has grown to the book's working size.
/// </summary>
public sealed class BookSide
{
    private readonly bool _descending;
    private PriceLevel[] _levels;

    public BookSide(bool descending, int initialCapacity = 16)
    {
        _descending = descending;
        _levels = new PriceLevel[Math.Max(initialCapacity, 4)];
    }

    public int Count { get; private set; }

    public ref readonly PriceLevel this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return ref _levels[index];
        }
    }

    public ReadOnlySpan<PriceLevel> Levels => _levels.AsSpan(0, Count);

    public void Clear() => Count = 0;

    /// <summary>Sets the quantity at a price; a zero quantity removes the level (a missing one is ignored).</summary>
    public void Set(FixedDecimal price, FixedDecimal qty)
    {
        int index = Find(price);
        if (qty.IsZero)
        {
            if (index >= 0)
            {
                Array.Copy(_levels, index + 1, _levels, index, Count - index - 1);
                Count--;
            }

            return;
        }

        if (index >= 0)
        {
            _levels[index] = new PriceLevel(price, qty);
            return;
        }

        int insertAt = ~index;
        if (Count == _levels.Length)
        {
            Array.Resize(ref _levels, _levels.Length * 2);
        }

        Array.Copy(_levels, insertAt, _levels, insertAt + 1, Count - insertAt);
        _levels[insertAt] = new PriceLevel(price, qty);
        Count++;
    }

    /// <summary>Drops the worst levels beyond <paramref name="depth"/>.</summary>
    public void Truncate(int depth)
    {
        if (Count > depth)
        {
            Count = depth;
        }
    }

    /// <summary>Binary search in best-first order; the complement of the insertion point when absent.</summary>
    private int Find(FixedDecimal price)
    {
        int low = 0;
        int high = Count - 1;
        while (low <= high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            int cmp = _levels[mid].Price.CompareTo(price);
            if (_descending)
            {
                cmp = -cmp;
            }

            if (cmp == 0)
            {
                return mid;
            }

            if (cmp < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }
}
