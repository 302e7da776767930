namespace L2Rec.Simulation;

/// <summary>A pair the simulated exchange stops listing this long after it started (<c>--delist ETH/USD@30s</c>).</summary>
public sealed record SimulatorDelisting(string Symbol, TimeSpan After);
