using System.Net.WebSockets;
using L2Rec.Simulation.Http;
using Serilog;

namespace L2Rec.Simulation.Kraken;

/// <summary>
/// The simulated Kraken: WebSocket v2 at any path (the endpoint says <c>/v2</c>), no REST. Each connection gets its own
/// markets and faults (<see cref="KrakenConnection"/>); what is listed is server-wide (<see cref="InstrumentListing"/>).
/// </summary>
internal sealed class KrakenSimulator(SimulatorOptions options, TimeProvider time, ILogger log) : ISimulatedExchange
{
    private readonly InstrumentListing _listing = new(options, time);

    public string WebSocketPath => "/v2";

    public bool ServesRest => false;

    public Func<Stream, CancellationToken, Task>? AcceptSocket(HttpRequestHead request, int connectionId, int seed) =>
        (stream, stop) => ServeAsync(stream, connectionId, seed, stop);

    // Kraken's recording needs no REST: anything that is not an upgrade is refused as before.
    public HttpReply Answer(HttpRequestHead request) => new(400, "Bad Request", [], ContentType: null) { Close = true };

    private async Task ServeAsync(Stream stream, int id, int seed, CancellationToken stop)
    {
        using CoalescingStream output = new(stream);
        using WebSocket socket = WebSocket.CreateFromStream(output, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        KrakenConnection connection = new(socket, output, options, _listing, time, log, new Random(seed), id);
        await connection.RunAsync(stop).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
