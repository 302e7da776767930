namespace L2Rec.Feeds.Binance;

/// <summary>How to reach one Binance market, what to record, and the limits the feed keeps to.</summary>
public sealed record BinanceFeedOptions
{
    public required BinanceMarket Market { get; init; }

    /// <summary>Symbols in Binance's spelling (<c>BTCUSDT</c>).</summary>
    public required IReadOnlyList<string> Symbols { get; init; }

    /// <summary>Levels per side written (<c>--depth</c>); the book itself keeps every level it can vouch for.</summary>
    public required int Depth { get; init; }

    /// <summary>The WebSocket base (the market's, or <c>--ws-url</c>); the stream path is appended to it.</summary>
    public required Uri WebSocketEndpoint { get; init; }

    /// <summary>The REST base (the market's, or <c>--rest-url</c>); resource paths are appended to it.</summary>
    public required Uri RestEndpoint { get; init; }

    /// <summary>
    /// Levels per REST snapshot. 1000 (weight 50 on spot, 20 on USD-M): 120 spot re-syncs a minute fit the weight
    /// budget, against 24 at 5000, and the band refresh keeps the written levels inside a snapshot's range anyway.
    /// <see cref="BinanceExchange"/> asks 5000 on spot for a written depth above 100.
    /// </summary>
    public int SnapshotLimit { get; init; } = 1000;

    /// <summary>No frame at all for this long means a dead connection (the probe is answered every second).</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the start-up check waits for <c>exchangeInfo</c> before recording unchecked.</summary>
    public TimeSpan ListingTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>One REST request's timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each book is compared with a fresh snapshot (an audit), weight permitting.</summary>
    public TimeSpan AuditEvery { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The least time between two band refreshes of one book.</summary>
    public TimeSpan BandRefreshSpacing { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a connection is used before the next one takes over (Binance closes connections at 24 hours; taking
    /// over earlier costs no gap).
    /// </summary>
    public TimeSpan ConnectionLifetime { get; init; } = TimeSpan.FromHours(23.5);

    /// <summary>How long a handover may take before the old connection is closed anyway (the books not moved re-sync).</summary>
    public TimeSpan HandoverTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Streams per connection at most (Binance allows 1024).</summary>
    public int MaxStreamsPerConnection { get; init; } = 1024;

    /// <summary>Characters per connection URL at most; more symbols go to another connection.</summary>
    public int MaxUrlLength { get; init; } = 4000;

    /// <summary>Events a book buffers while it waits for its snapshot; past this it starts its buffer over.</summary>
    public int MaxBufferedEvents { get; init; } = 100_000;

    /// <summary>The share of the weight budget normal requests may use before waiting for the next minute.</summary>
    public double WeightCeiling { get; init; } = 0.8;

    /// <summary>The share of the weight budget above which audits are skipped.</summary>
    public double AuditWeightCeiling { get; init; } = 0.4;

    /// <summary>The HTTP handler REST goes through (tests give a fake one); null: a <c>SocketsHttpHandler</c>.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }
}
