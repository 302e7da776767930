namespace L2Rec.Simulation.Kraken;

/// <summary>
/// Which pairs the simulated exchange lists at a given moment: every configured pair, until the one named by
/// <see cref="SimulatorOptions.Delist"/> is delisted, server-wide, at its time after start (every connection sees it).
/// </summary>
public sealed class InstrumentListing(SimulatorOptions options, TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();

    public bool IsListed(string symbol) =>
        options.Symbols.Contains(symbol, StringComparer.Ordinal) && !IsDelisted(symbol);

    public bool IsDelisted(string symbol) =>
        options.Delist is { } delist && string.Equals(delist.Symbol, symbol, StringComparison.Ordinal) && time.GetElapsedTime(_started) >= delist.After;

    /// <summary>The pair whose delisting is due and not yet told to a connection that has told nothing so far.</summary>
    public string? DueDelisting => options.Delist is { } delist && IsDelisted(delist.Symbol) ? delist.Symbol : null;
}
