namespace L2Rec.Simulation.Binance;

/// <summary>
/// One diff-depth stream of one market (<c>btcusdt@depth@100ms</c>): the level changes since its last event, kept as
/// the latest quantity per price (a level added and removed inside one interval goes out as a zero, as on Binance),
/// with the first and last update id they cover. Each flush is one <c>depthUpdate</c> event; nothing changed, no event.
/// </summary>
internal sealed class DepthAggregator(BinanceVariant variant, BinanceInstrument instrument, BinanceStream stream, TimeSpan interval, long lastId)
{
    private readonly Dictionary<long, long> _bids = [];
    private readonly Dictionary<long, long> _asks = [];
    private readonly byte[] _prefix = System.Text.Encoding.ASCII.GetBytes($"{{\"stream\":\"{stream.Name}\",\"data\":");
    private long[] _keys = new long[256];
    private long _first;
    private long _last;
    private long _previous = lastId;

    public BinanceStream Stream { get; } = stream;

    public TimeSpan Interval { get; } = interval;

    /// <summary>When the next event is due, in <see cref="TimeProvider"/> timestamps; 0 before the first.</summary>
    public long NextFlush { get; set; }

    public void Record(bool bid, long price, long qty, long id)
    {
        if (_first == 0)
        {
            _first = id;
        }

        _last = id;
        (bid ? _bids : _asks)[price] = qty;
    }

    /// <summary>
    /// Publishes what changed since the last event (to whoever listens) and starts the next interval. <c>E</c> is
    /// <paramref name="eventMs"/>; USD-M adds <c>T</c> (<paramref name="engineMs"/>, the last change) and <c>pu</c>.
    /// </summary>
    public void Flush(FrameBuilder b, long eventMs, long engineMs)
    {
        if (_first == 0)
        {
            return;
        }

        if (Stream.HasSubscribers)
        {
            b.Clear();
            b.Raw(_prefix);
            int dataStart = b.Length;
            b.Raw("{\"e\":\"depthUpdate\",\"E\":"u8).Number(eventMs);
            if (variant.IsFutures)
            {
                b.Raw(",\"T\":"u8).Number(engineMs);
            }

            b.Raw(",\"s\":"u8).Quoted(instrument.Symbol).Raw(",\"U\":"u8).Number(_first).Raw(",\"u\":"u8).Number(_last);
            if (variant.IsFutures)
            {
                b.Raw(",\"pu\":"u8).Number(_previous);
            }

            // Spot lists bids best first; USD-M lists both sides by rising price (as the real messages do).
            b.Raw(",\"b\":"u8);
            WriteLevels(b, _bids, descending: !variant.IsFutures);
            b.Raw(",\"a\":"u8);
            WriteLevels(b, _asks, descending: false);
            b.Raw("}"u8);
            int dataLength = b.Length - dataStart;
            b.Raw("}"u8);
            Stream.Publish(new BinanceFrame(BinanceFrameKind.Depth, b.ToArray(), dataStart, dataLength, Stream));
        }

        _previous = _last;
        _first = 0;
        _bids.Clear();
        _asks.Clear();
    }

    private void WriteLevels(FrameBuilder b, Dictionary<long, long> side, bool descending)
    {
        if (_keys.Length < side.Count)
        {
            _keys = new long[Math.Max(side.Count, _keys.Length * 2)];
        }

        side.Keys.CopyTo(_keys, 0);
        Span<long> keys = _keys.AsSpan(0, side.Count);
        keys.Sort();
        if (descending)
        {
            keys.Reverse();
        }

        int priceScale = instrument.WirePriceScale(variant);
        int qtyScale = instrument.WireQtyScale(variant);
        b.Raw("["u8);
        for (int i = 0; i < keys.Length; i++)
        {
            b.Raw(i == 0 ? "["u8 : ",["u8).Decimal(keys[i], instrument.TickScale, priceScale).Raw(","u8).Decimal(side[keys[i]], instrument.StepScale, qtyScale).Raw("]"u8);
        }

        b.Raw("]"u8);
    }
}
