using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Serilog;

namespace L2Rec.Simulation;

/// <summary>
/// The built-in Kraken v2 exchange: a WebSocket server on 127.0.0.1 only (a plain TCP listener with the RFC 6455
/// handshake, so it can take port 0 and needs no web framework). Each connection gets its own market and faults.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly SimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Lock _sync = new();
    private readonly Random _seeds;
    private readonly Task _acceptLoop;
    private readonly InstrumentListing _listing;
    private int _connectionCount;

    private SimulatorServer(SimulatorOptions options, TimeProvider time, ILogger log)
    {
        _options = options;
        _time = time;
        _log = log.ForContext<SimulatorServer>();
        _seeds = options.Seed is int seed ? new Random(seed) : new Random();
        _listing = new InstrumentListing(options, time);
        _listener = new TcpListener(IPAddress.Loopback, options.Port);
        _listener.Start();
        Endpoint = new Uri($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v2");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    public static SimulatorServer Start(SimulatorOptions options, TimeProvider time, ILogger log) => new(options, time, log);

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
            try
            {
                if (!await HandshakeAsync(stream, _stop.Token).ConfigureAwait(false))
                {
                    return;
                }

                using CoalescingStream output = new(stream);
                using WebSocket socket = WebSocket.CreateFromStream(output, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
                SimulatorConnection connection = new(socket, output, _options, _listing, _time, _log, new Random(seed), id);
                await connection.RunAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or WebSocketException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                _log.Debug("Simulator connection {Id} ended: {Message}", id, ex.Message);
            }
        }
    }

    /// <summary>Answers the HTTP upgrade; false (after a 400) for anything that is not a WebSocket request.</summary>
    private static async Task<bool> HandshakeAsync(NetworkStream stream, CancellationToken token)
    {
        byte[] buffer = new byte[8192];
        int length = 0;
        while (true)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(length), token).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }

            if (length == buffer.Length)
            {
                return false;
            }
        }

        string request = Encoding.ASCII.GetString(buffer, 0, length);
        string? key = request.Split("\r\n")
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim().Equals("Sec-WebSocket-Key", StringComparison.OrdinalIgnoreCase))
            .Select(parts => parts[1].Trim())
            .FirstOrDefault();
        if (key is null)
        {
            await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), token).ConfigureAwait(false);
            return false;
        }

        string accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        string response = $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), token).ConfigureAwait(false);
        return true;
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
        _listener.Dispose();
        _stop.Dispose();
    }
}
