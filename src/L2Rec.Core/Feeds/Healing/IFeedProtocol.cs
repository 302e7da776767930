namespace L2Rec.Feeds.Healing;

/// <summary>
/// One exchange's wire protocol over one WebSocket connection, as <see cref="FeedConnectionRunner"/> drives it: what
/// to connect to, what to send once connected, and what each frame means. The runner owns the socket, the backoff,
/// the staleness watchdog and the liveness probe; the protocol owns its books and proves them.
/// </summary>
public interface IFeedProtocol
{
    /// <summary>Where to connect now (it may depend on the books still recorded).</summary>
    Uri ConnectionUri { get; }

    /// <summary>
    /// A message the runner sends every second while connected, whose answer proves the connection alive on exchanges
    /// that send no heartbeat; null when the exchange's own traffic and heartbeats do.
    /// </summary>
    string? LivenessProbe { get; }

    /// <summary>Connected: subscribe, start snapshots. Faults here end the connection like any other.</summary>
    Task OnConnectedAsync(IFrameSender sender, CancellationToken connection);

    /// <summary>One whole frame (the runner has already counted it as a sign of life); a fault ends the connection.</summary>
    ConnectionFault? OnFrame(ReadOnlySpan<byte> frame, IFrameSender sender);

    /// <summary>
    /// The connection ended: drop every book still on it (report them lost with <paramref name="fault"/>) and forget
    /// what belonged to that connection.
    /// </summary>
    void OnDisconnected(ConnectionFault fault);
}
