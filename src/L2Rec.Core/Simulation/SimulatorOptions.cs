namespace L2Rec.Simulation;

/// <summary>What the built-in exchange serves and which faults it injects.</summary>
public sealed record SimulatorOptions
{
    /// <summary>Symbols it lists; a subscribe for any other is refused as Kraken refuses it.</summary>
    public required IReadOnlyList<string> Symbols { get; init; }

    /// <summary>Book updates per second per symbol; 0 sends as fast as the client reads.</summary>
    public double Rate { get; init; } = 20;

    /// <summary>Seed for repeatable streams; null draws one.</summary>
    public int? Seed { get; init; }

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    public FaultSchedule? DisconnectEvery { get; init; }

    /// <summary>After this, a connection goes silent (no data, no heartbeats) but stays open.</summary>
    public FaultSchedule? StallAfter { get; init; }

    public FaultSchedule? BadChecksumEvery { get; init; }

    public FaultSchedule? ErrorFrameEvery { get; init; }

    public FaultSchedule? GarbageFrameEvery { get; init; }

    /// <summary>A pair delisted while the server runs: an instrument update says so, its book stops, subscribes are refused.</summary>
    public SimulatorDelisting? Delist { get; init; }

    /// <summary>Serve these recorded exchange messages (one JSON message per line) instead of a generated market.</summary>
    public string? ReplayFile { get; init; }

    /// <summary>Vary the pace (bursts, quiet spells with heartbeats) as a real market does.</summary>
    public bool Bursty { get; init; } = true;
}
