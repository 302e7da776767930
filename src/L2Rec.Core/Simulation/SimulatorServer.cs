using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using L2Rec.Simulation.Http;
using Serilog;

namespace L2Rec.Simulation;

/// <summary>
/// The built-in exchanges' server: one TCP listener on 127.0.0.1 only, taking both WebSocket upgrades (the RFC 6455
/// handshake by hand, so it can take port 0 and needs no web framework) and plain HTTP/1.1 requests (keep-alive) on the
/// same port, and handing each to the exchange chosen by <see cref="SimulatorOptions.Exchange"/>.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private static readonly byte[] NotFound = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray();

    private readonly ILogger _log;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Lock _sync = new();
    private readonly Random _seeds;
    private readonly Task _acceptLoop;
    private readonly ISimulatedExchange _exchange;
    private int _connectionCount;

    private SimulatorServer(SimulatorOptions options, TimeProvider time, ILogger log)
    {
        _log = log.ForContext<SimulatorServer>();
        _seeds = options.Seed is int seed ? new Random(seed) : new Random();
        _exchange = SimulatedExchanges.Create(options, time, log);
        _listener = new TcpListener(IPAddress.Loopback, options.Port);
        try
        {
            _listener.Start();
        }
        catch
        {
            _listener.Dispose();
            _exchange.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        int port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Endpoint = new Uri($"ws://127.0.0.1:{port}{_exchange.WebSocketPath}");
        RestEndpoint = _exchange.ServesRest ? new Uri($"http://127.0.0.1:{port}") : null;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>
    /// The WebSocket endpoint as the exchange documents its own: Kraken's <c>ws://127.0.0.1:PORT/v2</c>; for Binance the
    /// base <c>ws://127.0.0.1:PORT</c> that a client appends <c>/stream?streams=...</c> to.
    /// </summary>
    public Uri Endpoint { get; }

    /// <summary>The REST base (<c>http://127.0.0.1:PORT</c>, the same port), or null for an exchange recorded without REST.</summary>
    public Uri? RestEndpoint { get; }

    /// <summary>Connections accepted so far (WebSocket and REST alike).</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    public static SimulatorServer Start(SimulatorOptions options, TimeProvider time, ILogger log) => new(options, time, log);

    /// <summary>An endpoint as printed and logged: without the lone <c>/</c> a bare base URI gets.</summary>
    public static string Text(Uri endpoint) => endpoint.AbsolutePath == "/" && endpoint.Query.Length == 0
        ? endpoint.GetLeftPart(UriPartial.Authority)
        : endpoint.ToString();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            int id = Interlocked.Increment(ref _connectionCount);
            int seed;
            lock (_sync)
            {
                seed = _seeds.Next();
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(Task.Run(() => ServeAsync(client, id, seed)));
            }
        }
    }

    private async Task ServeAsync(TcpClient client, int id, int seed)
    {
        using (client)
        {
            client.NoDelay = true;
            NetworkStream stream = client.GetStream();
            HttpRequestReader reader = new(stream);
            try
            {
                while (await reader.ReadAsync(_stop.Token).ConfigureAwait(false) is { } request)
                {
                    if (request.Header("Sec-WebSocket-Key") is { } key)
                    {
                        Func<Stream, CancellationToken, Task>? session = _exchange.AcceptSocket(request, id, seed);
                        if (session is null)
                        {
                            _log.Debug("Simulator connection {Id}: no WebSocket at {Target}", id, request.Target);
                            await stream.WriteAsync(NotFound, _stop.Token).ConfigureAwait(false);
                            return;
                        }

                        await stream.WriteAsync(SwitchingProtocols(key), _stop.Token).ConfigureAwait(false);
                        await session(stream, _stop.Token).ConfigureAwait(false);
                        return;
                    }

                    HttpReply reply = _exchange.Answer(request);
                    bool close = reply.Close || request.WantsClose || request.HasBody;
                    await stream.WriteAsync(reply.Encode(close), _stop.Token).ConfigureAwait(false);
                    if (close)
                    {
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or WebSocketException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                _log.Debug("Simulator connection {Id} ended: {Message}", id, ex.Message);
            }
        }
    }

    private static byte[] SwitchingProtocols(string key)
    {
        string accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        return Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        Task[] running;
        lock (_sync)
        {
            running = [.. _connections];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        await _exchange.DisposeAsync().ConfigureAwait(false);
        _listener.Dispose();
        _stop.Dispose();
    }
}
