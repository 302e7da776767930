namespace L2Rec.Simulation.Binance;

/// <summary>What a connection's send loop is handed: a message to send, or a signal to itself.</summary>
internal enum BinanceFrameKind
{
    /// <summary>A book ticker (or any market message that is not a depth event).</summary>
    Data,

    /// <summary>A diff-depth event: what the drop, disconnect and stall counts count.</summary>
    Depth,

    /// <summary>An answer to one of this connection's requests.</summary>
    Answer,

    /// <summary>A periodic wake-up, so that time-based faults fire on a quiet connection.</summary>
    Tick,

    /// <summary>Close the connection (policy violation: too many requests).</summary>
    Close,
}

/// <summary>
/// A message formatted once for every subscriber: the combined-stream form <c>{"stream":..,"data":..}</c>, whose data
/// slice is the raw-stream form (<c>/ws/</c> connections).
/// </summary>
internal sealed class BinanceFrame(BinanceFrameKind kind, byte[] bytes, int dataStart, int dataLength, BinanceStream? source = null)
{
    public static readonly BinanceFrame Tick = new(BinanceFrameKind.Tick, [], 0, 0);

    public static readonly BinanceFrame Close = new(BinanceFrameKind.Close, [], 0, 0);

    public BinanceFrameKind Kind { get; } = kind;

    /// <summary>The stream a market message belongs to.</summary>
    public BinanceStream? Source { get; } = source;

    public ReadOnlyMemory<byte> Combined => bytes;

    public ReadOnlyMemory<byte> Raw => bytes.AsMemory(dataStart, dataLength);

    public static BinanceFrame Answer(byte[] bytes) => new(BinanceFrameKind.Answer, bytes, 0, bytes.Length);
}

/// <summary>Where a stream delivers: a connection's send queue.</summary>
internal interface IFrameSink
{
    /// <summary>Frames queued and not yet sent.</summary>
    int Backlog { get; }

    void Enqueue(BinanceFrame frame);
}

/// <summary>
/// One named stream of one market (<c>btcusdt@depth@100ms</c>) and the connections subscribed to it. Subscribers are
/// a copy-on-write array, so publishing takes no lock.
/// </summary>
internal sealed class BinanceStream(string name)
{
    private readonly Lock _sync = new();
    private IFrameSink[] _subscribers = [];

    public string Name { get; } = name;

    public bool HasSubscribers => Volatile.Read(ref _subscribers).Length > 0;

    /// <summary>The longest queue among the subscribers.</summary>
    public int MaxBacklog
    {
        get
        {
            int max = 0;
            foreach (IFrameSink sink in Volatile.Read(ref _subscribers))
            {
                max = Math.Max(max, sink.Backlog);
            }

            return max;
        }
    }

    public void Add(IFrameSink sink)
    {
        lock (_sync)
        {
            if (!_subscribers.Contains(sink))
            {
                Volatile.Write(ref _subscribers, [.. _subscribers, sink]);
            }
        }
    }

    public void Remove(IFrameSink sink)
    {
        lock (_sync)
        {
            Volatile.Write(ref _subscribers, [.. _subscribers.Where(s => s != sink)]);
        }
    }

    public void Publish(BinanceFrame frame)
    {
        foreach (IFrameSink sink in Volatile.Read(ref _subscribers))
        {
            sink.Enqueue(frame);
        }
    }
}
