namespace L2Rec.Feeds.Kraken;

/// <summary>How to reach Kraken and what to subscribe.</summary>
public sealed record KrakenFeedOptions
{
    public static readonly Uri PublicEndpoint = new("wss://ws.kraken.com/v2");

    public required IReadOnlyList<string> Symbols { get; init; }

    public required int Depth { get; init; }

    public Uri Endpoint { get; init; } = PublicEndpoint;

    /// <summary>No frame at all for this long means a dead or stalled connection (Kraken heartbeats once a second).</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the start-up check waits for the instrument list before recording unchecked.</summary>
    public TimeSpan ListingTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest frame accepted; Kraken's instrument snapshot is the biggest, well under this.</summary>
    public int MaxFrameBytes { get; init; } = 16 * 1024 * 1024;
}
