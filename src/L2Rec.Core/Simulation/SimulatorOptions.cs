namespace L2Rec.Simulation;

/// <summary>What the built-in exchange serves and which faults it injects.</summary>
public sealed record SimulatorOptions
{
    /// <summary>Which exchange to be: <c>kraken</c>, <c>binance</c> or <c>binance-usdm</c> (<see cref="SimulatedExchanges.Names"/>).</summary>
    public string Exchange { get; init; } = SimulatedExchanges.Kraken;

    /// <summary>
    /// Symbols it lists, in the exchange's spelling (<c>BTC/USD</c>; <c>BTCUSDT</c>). Kraken refuses a subscribe for any
    /// other; Binance acknowledges it and sends nothing, and its REST answers -1121.
    /// </summary>
    public required IReadOnlyList<string> Symbols { get; init; }

    /// <summary>Book updates per second per symbol; 0 sends as fast as the client reads.</summary>
    public double Rate { get; init; } = 20;

    /// <summary>Seed for repeatable streams; null draws one.</summary>
    public int? Seed { get; init; }

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>Kraken: drop the connection without a close frame. Binance: close it with a close frame, as at its 24 h limit.</summary>
    public FaultSchedule? DisconnectEvery { get; init; }

    /// <summary>After this, a connection goes silent (no data, no heartbeats, no answers) but stays open.</summary>
    public FaultSchedule? StallAfter { get; init; }

    /// <summary>Kraken only: a wrong checksum.</summary>
    public FaultSchedule? BadChecksumEvery { get; init; }

    /// <summary>Kraken only: an error frame.</summary>
    public FaultSchedule? ErrorFrameEvery { get; init; }

    public FaultSchedule? GarbageFrameEvery { get; init; }

    /// <summary>
    /// A lost update: the connection skips a book message (Kraken: every N-th update it sends, so a later checksum
    /// fails; Binance: every N-th depth event of each stream, a sequence break). Other counts (disconnect, stall,
    /// garbage) count a connection's book messages (Binance: its depth events).
    /// </summary>
    public FaultSchedule? DropEvery { get; init; }

    /// <summary>
    /// Binance only: every N-th REST depth answer (1: every one) is a snapshot older than any stream a client can be
    /// receiving, so it can never be joined. A span: the first depth answer after each span of server time.
    /// </summary>
    public FaultSchedule? StaleSnapshotEvery { get; init; }

    /// <summary>Binance only: every N-th REST request (or the first after each span) is answered 429 with Retry-After: 1.</summary>
    public FaultSchedule? RateLimitEvery { get; init; }

    /// <summary>Binance only: how often the server pings each connection. Null: as the exchange does (spot 20 s, USD-M 3 min).</summary>
    public TimeSpan? PingInterval { get; init; }

    /// <summary>Kraken only: a pair delisted while the server runs: an instrument update says so, its book stops, subscribes are refused.</summary>
    public SimulatorDelisting? Delist { get; init; }

    /// <summary>Kraken only: serve these recorded exchange messages (one JSON message per line) instead of a generated market.</summary>
    public string? ReplayFile { get; init; }

    /// <summary>Vary the pace (bursts, quiet spells with heartbeats) as a real market does.</summary>
    public bool Bursty { get; init; } = true;
}
