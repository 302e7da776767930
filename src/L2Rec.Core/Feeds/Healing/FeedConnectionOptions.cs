namespace L2Rec.Feeds.Healing;

/// <summary>The limits one connection runs under.</summary>
public sealed record FeedConnectionOptions
{
    /// <summary>No frame at all for this long means a dead or stalled connection.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest frame accepted (an instrument list is the biggest an exchange sends).</summary>
    public int MaxFrameBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>How often the protocol's liveness probe is sent.</summary>
    public TimeSpan ProbeEvery { get; init; } = TimeSpan.FromSeconds(1);
}
