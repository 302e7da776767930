namespace L2Rec.Simulation.Binance;

/// <summary>
/// One symbol's market on the simulated Binance, shared by every connection and by REST: a deep random-walk book
/// (<see cref="MarketModel"/>, thousands of levels) whose every level change takes the next update id (contiguous on
/// spot; on USD-M ids jump, as one engine numbers all symbols), the diff-depth streams that aggregate those changes,
/// and the book ticker, sent whenever the best bid or ask changes with the id after which it holds.
/// </summary>
internal sealed class BinanceMarket
{
    private const int WarmUpSteps = 20;

    private readonly BinanceVariant _variant;
    private readonly BinanceInstrument _instrument;
    private readonly MarketModel _model;
    private readonly Random _ids;
    private readonly TimeProvider _time;
    private readonly MarketPace _pace;
    private readonly FrameBuilder _builder = new();
    private readonly DepthAggregator[] _depth;
    private readonly byte[] _bookTickerPrefix;
    private readonly (long Id, long Ms, (long Price, long Qty)[] Bids, (long Price, long Qty)[] Asks) _stale;
    private double _budget;
    private long _lastId;
    private long _engineMs;
    private ((long Price, long Qty) Bid, (long Price, long Qty) Ask) _top;

    public BinanceMarket(BinanceVariant variant, BinanceInstrument instrument, Random random, TimeProvider time, bool bursty, bool keepStale)
    {
        _variant = variant;
        _instrument = instrument;
        _time = time;
        _model = new MarketModel(instrument.TickScale, instrument.StepScale, instrument.StartPrice, variant.ModelLevels, random, deep: true);
        _ids = new Random(random.Next());
        _pace = new MarketPace(new Random(random.Next()), bursty);
        _lastId = variant.IsFutures ? 5_000_000_000_000 + _ids.NextInt64(0, 1_000_000_000_000) : 40_000_000_000 + _ids.NextInt64(0, 20_000_000_000);
        _engineMs = time.GetUtcNow().ToUnixTimeMilliseconds();

        // The stale snapshot (--stale-snapshot) is the book as it was before the warm-up: older than the first event
        // any stream can carry by more than one id, so the join rule can never accept it. Kept only when asked for.
        _stale = keepStale ? (_lastId, _engineMs, [.. _model.Bids.Take(variant.MaxDepthLimit)], [.. _model.Asks.Take(variant.MaxDepthLimit)]) : (_lastId, _engineMs, [], []);
        _model.LevelChanged = (_, _, _) => NextId();
        for (int i = 0; i < WarmUpSteps; i++)
        {
            _model.Step();
        }

        string lower = instrument.Symbol.ToLowerInvariant();
        _depth = [.. variant.DepthStreams.Select(d => new DepthAggregator(variant, instrument, new BinanceStream(lower + d.Suffix), d.Interval, _lastId))];
        BookTicker = new BinanceStream(lower + "@bookTicker");
        _bookTickerPrefix = System.Text.Encoding.ASCII.GetBytes($"{{\"stream\":\"{BookTicker.Name}\",\"data\":");
        _top = Top();
        _model.LevelChanged = OnLevelChanged;
    }

    public BinanceInstrument Instrument => _instrument;

    public Lock Sync { get; } = new();

    public BinanceStream BookTicker { get; }

    public IEnumerable<BinanceStream> Streams => _depth.Select(d => d.Stream).Append(BookTicker);

    /// <summary>The last update id (under <see cref="Sync"/>).</summary>
    public long LastUpdateId => _lastId;

    /// <summary>
    /// Moves the market by what <paramref name="elapsedSeconds"/> at <paramref name="rate"/> steps per second (paced)
    /// allow, then sends each depth stream's event if its interval is up.
    /// </summary>
    public void Advance(double elapsedSeconds, double rate, long now, long nowMs)
    {
        lock (Sync)
        {
            _budget = Math.Min(_budget + (elapsedSeconds * rate * _pace.Factor(_time)), Math.Max(rate, 1));
            int due = (int)_budget;
            _budget -= due;
            for (int i = 0; i < due; i++)
            {
                StepOnce(nowMs);
            }

            foreach (DepthAggregator depth in _depth)
            {
                long interval = (long)(depth.Interval.TotalSeconds * _time.TimestampFrequency);
                if (depth.NextFlush == 0)
                {
                    depth.NextFlush = now + interval;
                }
                else if (now >= depth.NextFlush)
                {
                    depth.Flush(_builder, nowMs, _engineMs);
                    depth.NextFlush = now - depth.NextFlush >= interval ? now + interval : depth.NextFlush + interval;
                }
            }
        }
    }

    /// <summary>For <c>--rate 0</c>: one step, and every depth stream sends it at once as its own event.</summary>
    public void StepAndFlush(long nowMs)
    {
        lock (Sync)
        {
            StepOnce(nowMs);
            foreach (DepthAggregator depth in _depth)
            {
                depth.Flush(_builder, nowMs, _engineMs);
            }
        }
    }

    /// <summary>The longest send queue among this market's subscribers.</summary>
    public int MaxBacklog => Streams.Max(s => s.MaxBacklog);

    public bool HasSubscribers => Streams.Any(s => s.HasSubscribers);

    /// <summary>
    /// The REST depth body: the best <paramref name="limit"/> levels a side and the id after which they hold, taken
    /// under the lock so it sits exactly in the stream. <paramref name="stale"/>: the book from before the warm-up.
    /// </summary>
    public byte[] Snapshot(int limit, bool stale, long nowMs)
    {
        lock (Sync)
        {
            if (stale)
            {
                return FormatSnapshot(_stale.Id, nowMs, _stale.Ms, _stale.Bids, _stale.Asks, limit);
            }

            return FormatSnapshot(_lastId, nowMs, _engineMs, _model.Bids, _model.Asks, limit);
        }
    }

    private byte[] FormatSnapshot(long id, long nowMs, long engineMs, IReadOnlyList<(long Price, long Qty)> bids, IReadOnlyList<(long Price, long Qty)> asks, int limit)
    {
        FrameBuilder b = _builder;
        b.Clear();
        b.Raw("{\"lastUpdateId\":"u8).Number(id);
        if (_variant.IsFutures)
        {
            b.Raw(",\"E\":"u8).Number(nowMs).Raw(",\"T\":"u8).Number(engineMs);
        }

        b.Raw(",\"bids\":"u8);
        WriteLevels(b, bids, limit);
        b.Raw(",\"asks\":"u8);
        WriteLevels(b, asks, limit);
        b.Raw("}"u8);
        return b.ToArray();
    }

    private void WriteLevels(FrameBuilder b, IReadOnlyList<(long Price, long Qty)> side, int limit)
    {
        int priceScale = _instrument.WirePriceScale(_variant);
        int qtyScale = _instrument.WireQtyScale(_variant);
        int count = Math.Min(limit, side.Count);
        b.Raw("["u8);
        for (int i = 0; i < count; i++)
        {
            b.Raw(i == 0 ? "["u8 : ",["u8).Decimal(side[i].Price, _instrument.TickScale, priceScale).Raw(","u8).Decimal(side[i].Qty, _instrument.StepScale, qtyScale).Raw("]"u8);
        }

        b.Raw("]"u8);
    }

    private void StepOnce(long nowMs)
    {
        _model.Step();
        _engineMs = nowMs;
        ((long Price, long Qty) Bid, (long Price, long Qty) Ask) top = Top();
        if (top == _top)
        {
            return;
        }

        _top = top;
        if (!BookTicker.HasSubscribers)
        {
            return;
        }

        int priceScale = _instrument.WirePriceScale(_variant);
        int qtyScale = _instrument.WireQtyScale(_variant);
        FrameBuilder b = _builder;
        b.Clear();
        b.Raw(_bookTickerPrefix);
        int dataStart = b.Length;
        b.Raw(_variant.IsFutures ? "{\"e\":\"bookTicker\",\"u\":"u8 : "{\"u\":"u8).Number(_lastId).Raw(",\"s\":"u8).Quoted(_instrument.Symbol);
        b.Raw(",\"b\":"u8).Decimal(top.Bid.Price, _instrument.TickScale, priceScale).Raw(",\"B\":"u8).Decimal(top.Bid.Qty, _instrument.StepScale, qtyScale);
        b.Raw(",\"a\":"u8).Decimal(top.Ask.Price, _instrument.TickScale, priceScale).Raw(",\"A\":"u8).Decimal(top.Ask.Qty, _instrument.StepScale, qtyScale);
        if (_variant.IsFutures)
        {
            b.Raw(",\"T\":"u8).Number(_engineMs).Raw(",\"E\":"u8).Number(nowMs);
        }

        b.Raw("}"u8);
        int dataLength = b.Length - dataStart;
        b.Raw("}"u8);
        BookTicker.Publish(new BinanceFrame(BinanceFrameKind.Data, b.ToArray(), dataStart, dataLength, BookTicker));
    }

    // Spot numbers every change of a symbol in turn; USD-M's engine numbers all symbols together, so one symbol's ids
    // jump (almost every event starts more than one past the last).
    private void NextId() => _lastId += _variant.IsFutures ? 1 + _ids.Next(0, 60) : 1;

    private ((long Price, long Qty) Bid, (long Price, long Qty) Ask) Top() => (_model.Bids[0], _model.Asks[0]);

    private void OnLevelChanged(bool bid, long price, long qty)
    {
        NextId();
        foreach (DepthAggregator depth in _depth)
        {
            depth.Record(bid, price, qty, _lastId);
        }
    }
}
