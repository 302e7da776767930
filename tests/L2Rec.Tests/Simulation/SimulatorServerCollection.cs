namespace L2Rec.Tests.Simulation;

/// <summary>
/// The new simulator tests that run servers (Binance's books are thousands of levels deep, with a client rebuilding
/// them) run one at a time, after the parallel tests: side by side they would swing by megabytes the heap that
/// LongRunTests measures for flatness.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SimulatorServerCollection
{
    public const string Name = "Simulator servers";
}
