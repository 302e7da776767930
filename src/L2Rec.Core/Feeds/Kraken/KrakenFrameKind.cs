namespace L2Rec.Feeds.Kraken;

/// <summary>What a Kraken v2 frame is, decided by its keys (never by their order).</summary>
public enum KrakenFrameKind
{
    Unknown,
    Heartbeat,
    Status,
    BookSnapshot,
    BookUpdate,
    Instrument,
    MethodResponse,
}
