using L2Rec.Feeds.Healing;

namespace L2Rec.Feeds.Binance;

/// <summary>
/// Some of the feed's symbols and the two connections (lanes) that carry them in turn: one is active; before Binance
/// ends it at 24 hours the other is opened, takes every book over without a gap, and the first is closed. Both lanes
/// share one frame clock, so the books stay current across the switch.
/// </summary>
internal sealed class BinanceConnectionGroup(int number, IReadOnlyList<BinanceBookSlot> slots, FrameClock clock)
{
    public int Number { get; } = number;

    public IReadOnlyList<BinanceBookSlot> Slots { get; } = slots;

    public FrameClock Clock { get; } = clock;

    public BinanceConnection[] Lanes { get; } = new BinanceConnection[2];

    public int ActiveLane { get; set; }

    public BinanceConnection Active => Lanes[ActiveLane];

    /// <summary>The lane taking over, while a handover runs; null otherwise.</summary>
    public BinanceConnection? Incoming { get; set; }

    /// <summary>The server announced it will close the active connection: hand over now.</summary>
    public bool ShutdownAnnounced { get; set; }

    /// <summary>Handovers completed (every book moved without a gap, or the stragglers dropped).</summary>
    public int Handovers { get; set; }
}
