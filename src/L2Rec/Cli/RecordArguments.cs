namespace L2Rec.Cli;

/// <summary>The <c>record</c> command's values, parsed and validated.</summary>
public sealed record RecordArguments
{
    public required IReadOnlyList<string> Symbols { get; init; }

    public TimeSpan? Duration { get; init; }

    public bool Resume { get; init; } = true;

    public required string DataDirectory { get; init; }

    public int Depth { get; init; } = 10;

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    public Uri? Endpoint { get; init; }

    public Uri? RestEndpoint { get; init; }

    /// <summary>The exchange's name as <c>ExchangeCatalog</c> lists it.</summary>
    public string Exchange { get; init; } = "kraken";

    public bool Simulate { get; init; }
}
