using System.Buffers;
using System.Net.WebSockets;
using Serilog;

namespace L2Rec.Feeds.Healing;

/// <summary>
/// The healing every feed shares: connect (with a timeout), receive whole frames into one pooled buffer, count every
/// frame as a sign of life, give up a connection that goes silent, send the protocol's liveness probe, and after any
/// fault drop the connection's books and reconnect with capped, jittered backoff, for as long as the token allows.
/// What the frames mean is the protocol's business (<see cref="IFeedProtocol"/>).
/// </summary>
public sealed class FeedConnectionRunner
{
    private readonly IFeedProtocol _protocol;
    private readonly FeedConnectionOptions _options;
    private readonly FrameClock _clock;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ReconnectBackoff _backoff;
    private int _failures;

    public FeedConnectionRunner(IFeedProtocol protocol, FeedConnectionOptions options, FrameClock clock, TimeProvider time, ILogger log, Random random)
    {
        _protocol = protocol;
        _options = options;
        _clock = clock;
        _time = time;
        _log = log;
        _backoff = new ReconnectBackoff(time, random);
    }

    /// <summary>Connections attempted so far (the first included).</summary>
    public int ConnectionAttempts { get; private set; }

    /// <summary>The protocol proved a book: the connection is healthy, and a minute of that resets the backoff.</summary>
    public void MarkHealthy() => _backoff.MarkHealthy();

    /// <summary>Runs until cancelled (returns normally); a protocol's <see cref="FeedFatalException"/> propagates.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ConnectionFault fault = await RunConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            _protocol.OnDisconnected(fault);
            TimeSpan delay = _backoff.NextDelay();
            _failures++;
            // One warning per failure is at most two a minute at the 30 s cap, so a long outage cannot flood the log.
            _log.Warning("Connection lost ({Reason:l}: {Detail:l}); reconnect {Attempt} in {Delay:0.0} s",
                fault.Reason.ToString(), fault.Detail, _failures, delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<ConnectionFault> RunConnectionAsync(CancellationToken cancellationToken)
    {
        ConnectionAttempts++;
        Uri endpoint = _protocol.ConnectionUri;
        using ClientWebSocket socket = new();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);

        // A large receive buffer lets one socket read bring in many frames, which are then parsed without waking
        // the thread again; at burst rates this halves the system time per message.
        socket.Options.SetBuffer(64 * 1024, 4 * 1024);
        using CancellationTokenSource connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            using (CancellationTokenSource connectTimeout = new(_options.ConnectTimeout, _time))
            using (CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(connection.Token, connectTimeout.Token))
            {
                await socket.ConnectAsync(endpoint, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(OutageReason.Disconnect, $"connect to {endpoint} timed out after {_options.ConnectTimeout.TotalSeconds:0} s");
        }
        catch (OperationCanceledException)
        {
            return new(OutageReason.Disconnect, "stopped");
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or System.Net.Http.HttpRequestException)
        {
            return new(OutageReason.Disconnect, $"connect to {endpoint} failed: {Innermost(ex)}");
        }

        _log.Information("Connected to {Endpoint:l}", endpoint.ToString());
        WebSocketFrameSender sender = new(socket, _time, connection.Token);
        long lastFrame = _time.GetTimestamp();
        bool stale = false;
        string? probe = _protocol.LivenessProbe;
        using ITimer watchdog = _time.CreateTimer(
            _ =>
            {
                if (_time.GetElapsedTime(Volatile.Read(ref lastFrame)) > _options.StaleAfter)
                {
                    Volatile.Write(ref stale, true);
                    connection.Cancel();
                }
            },
            null,
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(1));
        using ITimer? prober = probe is null ? null : _time.CreateTimer(_ => sender.Post(probe), null, _options.ProbeEvery, _options.ProbeEvery);

        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);

        // Cancellation (stop, staleness) aborts the socket once, instead of every receive registering on the token.
        using CancellationTokenRegistration abortOnCancel = connection.Token.Register(static s => ((WebSocket)s!).Abort(), socket);
        try
        {
            await _protocol.OnConnectedAsync(sender, connection.Token).ConfigureAwait(false);
            while (true)
            {
                int length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= _options.MaxFrameBytes)
                        {
                            return new(OutageReason.Error, $"frame larger than {_options.MaxFrameBytes} bytes");
                        }

                        byte[] bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return new(OutageReason.Disconnect, $"server closed the connection ({socket.CloseStatus} {socket.CloseStatusDescription})".TrimEnd());
                }

                long now = _time.GetTimestamp();
                Volatile.Write(ref lastFrame, now);
                _clock.Touch(now);

                ConnectionFault? fault = _protocol.OnFrame(buffer.AsSpan(0, length), sender);
                if (fault is not null)
                {
                    return fault.Value;
                }
            }
        }
        catch (Exception ex) when (connection.IsCancellationRequested && ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            if (Volatile.Read(ref stale) && !cancellationToken.IsCancellationRequested)
            {
                return new(OutageReason.Stale, $"no message for {_options.StaleAfter.TotalSeconds:0} s");
            }

            await CloseQuietlyAsync(socket).ConfigureAwait(false);
            return new(OutageReason.Disconnect, "stopped");
        }
        catch (Exception ex) when (ex is WebSocketException or IOException)
        {
            return new(OutageReason.Disconnect, Innermost(ex));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The message of the innermost exception, which names the real cause (a refused connection, a reset).</summary>
    public static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex.Message;
    }

    public static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(1));
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Closing politely is a courtesy; the recording is already safe.
        }
    }
}
