using System.Net.WebSockets;
using System.Threading.Channels;
using Serilog;

namespace L2Rec.Simulation.Binance;

/// <summary>
/// One WebSocket client of the simulated Binance: its subscriptions (from the URL, then <c>SUBSCRIBE</c>/
/// <c>UNSUBSCRIBE</c>), the answers to its control messages, and the market messages of the streams it follows, each
/// in its own socket write, in the order the market produced them. Only the send loop writes to the socket; the
/// faults that concern a connection (a lost depth event, a close frame, a stall, a garbage frame) happen there.
/// </summary>
internal sealed class BinanceConnection : IFrameSink, BinanceControl.IHandler
{
    /// <summary>A client this far behind at a fixed rate is cut off, as Binance does with one that cannot keep up.</summary>
    private const int MaxBacklog = 200_000;

    private static readonly byte[] Garbage = "\u0001not json {{"u8.ToArray();

    private readonly BinanceSimulator _exchange;
    private readonly WebSocket _socket;
    private readonly bool _delivering;
    private readonly SimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly int _id;
    private readonly Channel<BinanceFrame> _queue = Channel.CreateUnbounded<BinanceFrame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _sync = new();
    private readonly List<string> _subscriptions = [];
    private readonly List<BinanceStream> _attached = [];
    private int _backlog;
    private volatile bool _combined;
    private volatile bool _stalled;
    private volatile bool _closing;
    private readonly Dictionary<BinanceStream, long> _streamEvents = [];
    private long _depthEvents;
    private long _dropped;

    public BinanceConnection(BinanceSimulator exchange, WebSocket socket, bool combined, bool delivering, IReadOnlyList<string> streams, int id)
    {
        _exchange = exchange;
        _socket = socket;
        _combined = combined;
        _delivering = delivering;
        _options = exchange.Options;
        _time = exchange.Time;
        _log = exchange.Log;
        _id = id;
        Subscribe(streams);
    }

    public int Backlog => Volatile.Read(ref _backlog);

    public IReadOnlyList<string> Subscriptions
    {
        get
        {
            lock (_sync)
            {
                return [.. _subscriptions];
            }
        }
    }

    public bool Combined
    {
        get => _combined;
        set => _combined = value;
    }

    public void Enqueue(BinanceFrame frame)
    {
        Interlocked.Increment(ref _backlog);
        _queue.Writer.TryWrite(frame);
    }

    public bool Subscribe(IReadOnlyList<string> streams)
    {
        lock (_sync)
        {
            if (_subscriptions.Union(streams).Count() > BinanceControl.MaxStreams)
            {
                return false;
            }

            foreach (string name in streams)
            {
                if (_subscriptions.Contains(name))
                {
                    continue;
                }

                _subscriptions.Add(name);

                // Only exact, lower-case names of listed symbols deliver; the rest stay subscribed and silent.
                if (_delivering && _exchange.FindStream(name) is { } stream)
                {
                    stream.Add(this);
                    _attached.Add(stream);
                }
            }
        }

        return true;
    }

    public void Unsubscribe(IReadOnlyList<string> streams)
    {
        lock (_sync)
        {
            foreach (string name in streams)
            {
                _subscriptions.Remove(name);
                if (_attached.Find(s => s.Name == name) is { } stream)
                {
                    stream.Remove(this);
                    _attached.Remove(stream);
                }
            }
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        using CancellationTokenSource connection = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using ITimer ticker = _time.CreateTimer(_ => Enqueue(BinanceFrame.Tick), null, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50));
        Task receive = ReceiveLoopAsync(connection.Token);
        try
        {
            await SendLoopAsync(connection.Token).ConfigureAwait(false);
        }
        finally
        {
            lock (_sync)
            {
                foreach (BinanceStream stream in _attached)
                {
                    stream.Remove(this);
                }

                _attached.Clear();
            }

            _queue.Writer.TryComplete();
            if (_closing)
            {
                // A close frame went out: read on until the client's answers it, so that what it sent meanwhile is
                // read and the connection ends with a close handshake rather than a reset.
                try
                {
                    await receive.WaitAsync(TimeSpan.FromSeconds(2), _time, stop).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
                {
                    // Then it ends without.
                }
            }

            await connection.CancelAsync().ConfigureAwait(false);
            try
            {
                await receive.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
            {
                // The connection is over either way.
            }
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken token)
    {
        byte[] buffer = new byte[64 * 1024];
        long window = _time.GetTimestamp();
        int inWindow = 0;
        while (!token.IsCancellationRequested)
        {
            int length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(buffer.AsMemory(length), token).ConfigureAwait(false);
                length += result.Count;
            }
            while (!result.EndOfMessage && length < buffer.Length);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (_stalled || _closing)
            {
                continue;
            }

            // Binance allows a few messages a second per connection; a client far over it is disconnected.
            if (_time.GetElapsedTime(window) >= TimeSpan.FromSeconds(1))
            {
                window = _time.GetTimestamp();
                inWindow = 0;
            }

            if (++inWindow > _exchange.Variant.MessagesPerSecond * 3)
            {
                _log.Debug("Simulator {Id}: too many client messages, closing", _id);
                _closing = true;
                Enqueue(BinanceFrame.Close);
                continue;
            }

            Enqueue(BinanceFrame.Answer(BinanceControl.Handle(buffer.AsSpan(0, length), _exchange.Variant.IsFutures, this)));
        }
    }

    private async Task SendLoopAsync(CancellationToken token)
    {
        long opened = _time.GetTimestamp();
        long lastDrop = opened;
        long lastGarbage = opened;
        ChannelReader<BinanceFrame> reader = _queue.Reader;
        while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
        {
            while (reader.TryRead(out BinanceFrame? frame))
            {
                int backlog = Interlocked.Decrement(ref _backlog);
                if (_socket.State != WebSocketState.Open)
                {
                    return;
                }

                if (!_stalled && _options.StallAfter is FaultSchedule stall &&
                    ((stall.Every is TimeSpan after && _time.GetElapsedTime(opened) >= after) || (stall.Messages is long count && _depthEvents >= count)))
                {
                    _log.Debug("Simulator {Id}: stalled", _id);
                    _stalled = true;
                }

                if (_stalled)
                {
                    // Silent but open: whatever the market sends is dropped on the floor.
                    continue;
                }

                if (_options.DisconnectEvery is FaultSchedule { Every: TimeSpan lifetime } && _time.GetElapsedTime(opened) >= lifetime)
                {
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, token).ConfigureAwait(false);
                    return;
                }

                if (_options.GarbageFrameEvery is FaultSchedule { Every: TimeSpan garbageSpan } && _time.GetElapsedTime(lastGarbage) >= garbageSpan)
                {
                    lastGarbage = _time.GetTimestamp();
                    await SendAsync(Garbage, token).ConfigureAwait(false);
                }

                switch (frame.Kind)
                {
                    case BinanceFrameKind.Tick:
                        continue;
                    case BinanceFrameKind.Close:
                        await CloseAsync(WebSocketCloseStatus.PolicyViolation, token).ConfigureAwait(false);
                        return;
                    case BinanceFrameKind.Answer:
                        await SendAsync(frame.Combined, token).ConfigureAwait(false);
                        continue;
                    default:
                        break;
                }

                if (backlog > MaxBacklog)
                {
                    _log.Debug("Simulator {Id}: client {Backlog} messages behind, cut off", _id, backlog);
                    _socket.Abort();
                    return;
                }

                if (frame.Kind == BinanceFrameKind.Depth)
                {
                    // Losses are counted per stream, so that every symbol of the connection loses events.
                    _depthEvents++;
                    long ofStream = _streamEvents[frame.Source!] = _streamEvents.GetValueOrDefault(frame.Source!) + 1;
                    if (_options.DropEvery is FaultSchedule drop &&
                        (drop.Messages is long every ? every > 0 && ofStream % every == 0 : drop.IsDue(0, _time.GetElapsedTime(lastDrop))))
                    {
                        // Lost on the way: the next event does not continue the last one the client saw.
                        lastDrop = _time.GetTimestamp();
                        _dropped++;
                        continue;
                    }
                }

                await SendAsync(_combined ? frame.Combined : frame.Raw, token).ConfigureAwait(false);
                if (frame.Kind == BinanceFrameKind.Depth)
                {
                    if (_options.GarbageFrameEvery is FaultSchedule { Messages: long garbageEvery } && garbageEvery > 0 && _depthEvents % garbageEvery == 0)
                    {
                        await SendAsync(Garbage, token).ConfigureAwait(false);
                    }

                    if (_options.DisconnectEvery is FaultSchedule { Messages: long disconnectEvery } && disconnectEvery > 0 && _depthEvents % disconnectEvery == 0)
                    {
                        await CloseAsync(WebSocketCloseStatus.NormalClosure, token).ConfigureAwait(false);
                        return;
                    }
                }
            }
        }
    }

    private async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken token) =>
        await _socket.SendAsync(message, WebSocketMessageType.Text, true, token).ConfigureAwait(false);

    /// <summary>Ends the connection with a close frame, as Binance does at its 24-hour limit.</summary>
    private async Task CloseAsync(WebSocketCloseStatus status, CancellationToken token)
    {
        _log.Debug("Simulator {Id}: closing ({Status}) after {Events} depth events, {Dropped} dropped", _id, status, _depthEvents, _dropped);
        _closing = true;
        await _socket.CloseOutputAsync(status, status == WebSocketCloseStatus.PolicyViolation ? "Too many requests" : null, token).ConfigureAwait(false);
    }
}
