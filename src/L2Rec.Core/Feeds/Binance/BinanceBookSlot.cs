using L2Rec.Feeds.Healing;

namespace L2Rec.Feeds.Binance;

/// <summary>Why a snapshot is wanted, highest priority first.</summary>
internal enum SnapshotPurpose
{
    None = 0,

    /// <summary>An audit: a fresh snapshot compared with the book, only while weight is plentiful.</summary>
    Audit = 1,

    /// <summary>The written levels are leaving the band the last snapshot vouches for.</summary>
    Refresh = 2,

    /// <summary>The book is not proven: it cannot be written until this one joins.</summary>
    Sync = 3,
}

/// <summary>One symbol as the feed runs it: the book, its sync machine, its backoff and its place in the snapshot queue.</summary>
internal sealed class BinanceBookSlot(int index, LiveBook live, BinanceBookSync sync, ReconnectBackoff backoff)
{
    public int Index { get; } = index;

    public LiveBook Live { get; } = live;

    /// <summary>Driven under <see cref="LiveBook.Sync"/> only.</summary>
    public BinanceBookSync Sync { get; } = sync;

    /// <summary>Spaces this book's re-syncs (1 s doubling to 30 s), reset by a healthy minute.</summary>
    public ReconnectBackoff Backoff { get; } = backoff;

    public BinanceConnectionGroup? Group { get; set; }

    /// <summary>The connection whose events drive the book (the other lane's only join it during a handover).</summary>
    public BinanceConnection? ActiveConnection { get; set; }

    // The queue's fields, under the feed's queue lock.
    public SnapshotPurpose Wanted { get; set; }

    public long NotBefore { get; set; }

    public long? LastRefreshAt { get; set; }

    public long NextAuditAt { get; set; } = long.MaxValue;

    public bool Ended { get; set; }
}
