namespace L2Rec.Exchanges;

/// <summary>What to record and where from: the symbols (in the exchange's spelling), the written depth, the endpoints.</summary>
public sealed record FeedRequest
{
    public required IReadOnlyList<string> Symbols { get; init; }

    /// <summary>Levels per side written (<c>--depth</c>); the feed may keep more.</summary>
    public required int Depth { get; init; }

    public required Uri WebSocketEndpoint { get; init; }

    public Uri? RestEndpoint { get; init; }
}
