using L2Rec.Simulation.Http;

namespace L2Rec.Simulation;

/// <summary>
/// One exchange the simulator can be: its protocol behind the shared server (one loopback port for WebSocket and
/// REST). Each lives in its own folder (<c>Kraken/</c>, <c>Binance/</c>); <see cref="SimulatedExchanges"/> lists them.
/// </summary>
internal interface ISimulatedExchange : IAsyncDisposable
{
    /// <summary>
    /// What follows <c>ws://127.0.0.1:PORT</c> in the endpoint a client is given: Kraken's <c>/v2</c>, or nothing for an
    /// exchange whose clients append their own paths (Binance's <c>/stream?streams=...</c>).
    /// </summary>
    string WebSocketPath { get; }

    /// <summary>True when the exchange answers REST requests on the same port.</summary>
    bool ServesRest { get; }

    /// <summary>
    /// The session to run on a WebSocket upgrade for this request once the 101 is sent (it owns the stream until it
    /// returns), or null when nothing lives at that path (answered 404).
    /// </summary>
    Func<Stream, CancellationToken, Task>? AcceptSocket(HttpRequestHead request, int connectionId, int seed);

    /// <summary>The answer to a plain HTTP request.</summary>
    HttpReply Answer(HttpRequestHead request);
}
