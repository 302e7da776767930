using L2Rec.Books;

namespace L2Rec.Feeds.Binance;

/// <summary>Where a book is in its sync cycle.</summary>
internal enum SyncPhase
{
    /// <summary>No connection: nothing is buffered.</summary>
    Idle,

    /// <summary>Buffering events until a snapshot joins the stream.</summary>
    AwaitingSnapshot,

    /// <summary>Proven: every event continues the chain from the snapshot.</summary>
    Live,

    /// <summary>The exchange does not list it (any more): nothing more happens.</summary>
    Ended,
}

/// <summary>What one event, snapshot or bookTicker did to a book.</summary>
internal enum SyncStep
{
    /// <summary>Nothing (no connection, an event older than the snapshot, a bookTicker that cannot be checked).</summary>
    Ignored,

    /// <summary>Kept until the snapshot comes.</summary>
    Buffered,

    /// <summary>The buffer grew past its bound and started over.</summary>
    Overflow,

    /// <summary>Applied to a proven book (or, for a snapshot, buffered events joined it: the book is proven now).</summary>
    Applied,

    /// <summary>A snapshot was loaded but no event has joined it yet.</summary>
    Waiting,

    /// <summary>The snapshot does not join the buffered stream (older than the first event, or a hole): fetch another.</summary>
    Refetch,

    /// <summary>
    /// The proof failed (an update id out of chain, a bookTicker or audit disagreeing): the book is dropped and
    /// buffers again, waiting for a new snapshot. <see cref="BinanceBookSync.Detail"/> says why.
    /// </summary>
    ProofFailed,
}

/// <summary>
/// One symbol's book kept by Binance's rules (research/binance.md), as a pure state machine the feed drives under
/// <see cref="LiveBook.Sync"/>: buffer events from connect; load a REST snapshot (id L); drop events with
/// <c>u &lt;= L</c> (spot) or <c>u &lt; L</c> (USD-M); the first applied event must satisfy <c>U &lt;= L+1 &lt;= u</c>
/// (spot) or <c>U &lt;= L &lt;= u</c> or <c>pu == L</c> (USD-M); after it every event must have <c>U == previous u + 1</c>
/// (spot) or <c>pu == previous u</c> (USD-M). It also keeps the band of prices the last snapshot vouches for, checks
/// bookTickers at the same update id, and runs band refreshes and audits: a fresh snapshot synced beside the live book
/// on a shadow book, compared with it at the same update id, then swapped in.
/// </summary>
internal sealed class BinanceBookSync
{
    private readonly LiveBook _live;
    private readonly bool _futures;
    private readonly int _snapshotLimit;
    private readonly int _maxBuffered;
    private readonly DepthEventBuffer _pending = new();
    private readonly DepthEventBuffer _refreshEvents = new();
    private readonly DepthEventBuffer _handoverEvents = new();
    private bool _snapshotLoaded;
    private long _snapshotId;

    private RefreshPhase _refresh;
    private OrderBook? _shadow;
    private bool _shadowJoined;
    private long _shadowSnapshotId;
    private long _shadowId;
    private FixedDecimal? _shadowFloor;
    private FixedDecimal? _shadowCeiling;

    // bookTickers ahead of the book, oldest first, kept until the depth event of the same u is applied (a ring).
    private readonly Ticker[] _tickers = new Ticker[MaxPendingTickers];
    private int _tickerStart;
    private int _tickerCount;
    private Ticker _checking;
    private int _appliedSincePrune;

    public BinanceBookSync(LiveBook live, bool futures, int snapshotLimit, int maxBuffered)
    {
        _live = live;
        _futures = futures;
        _snapshotLimit = snapshotLimit;
        _maxBuffered = maxBuffered;
    }

    private const int MaxPendingTickers = 32;
    private const int PruneEvery = 256;

    private enum RefreshPhase
    {
        None,
        Recording,
        Joining,
    }

    public SyncPhase Phase { get; private set; }

    /// <summary>The <c>u</c> of the last applied event (the book's update id).</summary>
    public long Id { get; private set; }

    /// <summary>Events waiting for a snapshot.</summary>
    public int Buffered => _pending.Count;

    /// <summary>True while a band refresh or audit snapshot is being synced beside the book.</summary>
    public bool RefreshPending => _refresh != RefreshPhase.None;

    // What the last call found, read by the feed right after it (under the same lock).

    /// <summary>Why the last call failed (only set on failure: allocating it is fine then).</summary>
    public string? Detail { get; private set; }

    /// <summary>The last applied event left fewer than the written depth inside the band on a side that has more.</summary>
    public bool BandLeft { get; private set; }

    /// <summary>A bookTicker was compared with the book by the last call: true when it matched.</summary>
    public bool? CrossChecked { get; private set; }

    /// <summary>A refresh snapshot caught up with the book in the last call: the levels that differed (0: swapped in).</summary>
    public int? RefreshDifferences { get; private set; }

    /// <summary>A refresh snapshot could not join the events recorded for it: it was given up.</summary>
    public bool RefreshFailed { get; private set; }

    /// <summary>True while the book is live on its connection and an incoming connection's events are kept to take over.</summary>
    public bool HandoverActive { get; private set; }

    /// <summary>The last call moved the book onto the incoming connection's chain.</summary>
    public bool HandedOver { get; private set; }

    /// <summary>A new connection: buffer from now on.</summary>
    public void Start()
    {
        Drop();
        Phase = SyncPhase.AwaitingSnapshot;
    }

    /// <summary>The connection ended: forget everything.</summary>
    public void Stop()
    {
        Drop();
        Phase = SyncPhase.Idle;
    }

    public void End()
    {
        Drop();
        Phase = SyncPhase.Ended;
    }

    public SyncStep OnEvent(in DepthEvent e, ReadOnlySpan<PriceLevel> bids, ReadOnlySpan<PriceLevel> asks)
    {
        ClearFindings();
        switch (Phase)
        {
            case SyncPhase.AwaitingSnapshot when !_snapshotLoaded:
                if (_pending.Count >= _maxBuffered)
                {
                    _pending.Clear();
                    _pending.Add(e, bids, asks);
                    return SyncStep.Overflow;
                }

                _pending.Add(e, bids, asks);
                return SyncStep.Buffered;
            case SyncPhase.AwaitingSnapshot:
                return Join(e, bids, asks);
            case SyncPhase.Live:
                return Continue(e, bids, asks);
            default:
                return SyncStep.Ignored;
        }
    }

    /// <summary>A snapshot fetched to (re-)sync the book: load it, then replay the buffered events onto it.</summary>
    public SyncStep OnSnapshot(BinanceSnapshot snapshot)
    {
        ClearFindings();
        if (Phase != SyncPhase.AwaitingSnapshot)
        {
            return SyncStep.Ignored;
        }

        Load(_live.Book, snapshot, out FixedDecimal? floor, out FixedDecimal? ceiling);
        _live.BidFloor = floor;
        _live.AskCeiling = ceiling;
        _snapshotId = snapshot.LastUpdateId;
        _snapshotLoaded = true;

        for (int i = 0; i < _pending.Count; i++)
        {
            DepthEvent e = _pending[i];
            if (Phase == SyncPhase.AwaitingSnapshot)
            {
                if (IsStale(e, _snapshotId))
                {
                    continue;
                }

                if (!Joins(e, _snapshotId))
                {
                    // Older than the stream we hold (or a hole in it): keep what follows, fetch again.
                    Detail = $"snapshot {_snapshotId} does not join the event U={e.FirstId} u={e.LastId}";
                    UnloadSnapshot(keepFrom: i);
                    return SyncStep.Refetch;
                }

                ApplyLevels(_live.Book, _pending.Bids(i), _pending.Asks(i));
                Phase = SyncPhase.Live;
            }
            else if (Continues(e, Id))
            {
                ApplyLevels(_live.Book, _pending.Bids(i), _pending.Asks(i));
            }
            else
            {
                Detail = $"the buffered stream has a hole before U={e.FirstId} u={e.LastId} (book at {Id})";
                UnloadSnapshot(keepFrom: i);
                Phase = SyncPhase.AwaitingSnapshot;
                return SyncStep.Refetch;
            }

            Stamp(e);
        }

        _pending.Clear();
        if (Phase != SyncPhase.Live)
        {
            return SyncStep.Waiting;
        }

        _live.IsVerified = true;
        CheckBand();
        return SyncStep.Applied;
    }

    /// <summary>Starts recording events for a refresh snapshot about to be requested; false when the book is not live or one is pending.</summary>
    public bool BeginRefresh()
    {
        if (Phase != SyncPhase.Live || _refresh != RefreshPhase.None)
        {
            return false;
        }

        _refresh = RefreshPhase.Recording;
        _refreshEvents.Clear();
        return true;
    }

    public void CancelRefresh()
    {
        _refresh = RefreshPhase.None;
        _refreshEvents.Clear();
    }

    /// <summary>
    /// A new connection opened to replace this book's (the 24-hour limit): its events are kept from now on, and as
    /// soon as they join the live book by the snapshot rule (the proven book at its update id standing in for the
    /// snapshot) the book continues on the new connection's chain, with no gap and no REST snapshot. False when the
    /// book is not live (it then simply syncs on the new connection).
    /// </summary>
    public bool BeginHandover()
    {
        _handoverEvents.Clear();
        HandoverActive = Phase == SyncPhase.Live;
        return HandoverActive;
    }

    public void CancelHandover()
    {
        HandoverActive = false;
        _handoverEvents.Clear();
    }

    /// <summary>An event of the incoming connection while the book still runs on the old one.</summary>
    public SyncStep OnHandoverEvent(in DepthEvent e, ReadOnlySpan<PriceLevel> bids, ReadOnlySpan<PriceLevel> asks)
    {
        ClearFindings();
        if (!HandoverActive || Phase != SyncPhase.Live)
        {
            return SyncStep.Ignored;
        }

        if (_handoverEvents.Count >= _maxBuffered)
        {
            _handoverEvents.Clear();
        }

        _handoverEvents.Add(e, bids, asks);
        return TrySwitch() ? SyncStep.Applied : SyncStep.Buffered;
    }

    // Joins the incoming events onto the live book: drop those the book already has, the first left must join its id
    // (spot U <= id+1 <= u; USD-M U <= id <= u or pu == id), the rest must chain. Until they do, wait: the old
    // connection is behind the new one, or the new one's events do not reach the book's id yet.
    private bool TrySwitch()
    {
        int stale = 0;
        while (stale < _handoverEvents.Count && IsStale(_handoverEvents[stale], Id))
        {
            stale++;
        }

        _handoverEvents.RemoveFirst(stale);
        if (_handoverEvents.Count == 0 || !Joins(_handoverEvents[0], Id))
        {
            return false;
        }

        for (int i = 1; i < _handoverEvents.Count; i++)
        {
            if (!Continues(_handoverEvents[i], _handoverEvents[i - 1].LastId))
            {
                // A hole in the incoming stream: join after it once the book gets there.
                _handoverEvents.RemoveFirst(i);
                return false;
            }
        }

        for (int i = 0; i < _handoverEvents.Count; i++)
        {
            ApplyLevels(_live.Book, _handoverEvents.Bids(i), _handoverEvents.Asks(i));
            Stamp(_handoverEvents[i]);
        }

        // Shadows and tickers were following the old chain's events.
        CancelRefresh();
        _tickerCount = 0;
        CancelHandover();
        HandedOver = true;
        CheckBand();
        return true;
    }

    /// <summary>
    /// A snapshot fetched while the book is live (band refresh or audit): synced on a shadow book from the events
    /// recorded since it was requested; once the shadow reaches the book's update id the two are compared inside both
    /// bands and, when equal, the shadow (and its band) replaces the book. A difference fails the proof.
    /// </summary>
    public SyncStep OnRefreshSnapshot(BinanceSnapshot snapshot)
    {
        ClearFindings();
        if (Phase != SyncPhase.Live || _refresh != RefreshPhase.Recording)
        {
            return SyncStep.Ignored;
        }

        _shadow ??= new OrderBook(Math.Max(_snapshotLimit, 1));
        Load(_shadow, snapshot, out _shadowFloor, out _shadowCeiling);
        _shadowSnapshotId = snapshot.LastUpdateId;
        _shadowJoined = false;
        _refresh = RefreshPhase.Joining;
        for (int i = 0; i < _refreshEvents.Count; i++)
        {
            if (!OfferToShadow(_refreshEvents[i], _refreshEvents.Bids(i), _refreshEvents.Asks(i)))
            {
                return SyncStep.Ignored;
            }
        }

        _refreshEvents.Clear();
        return _shadowJoined && _shadowId == Id ? CompleteRefresh() : SyncStep.Waiting;
    }

    /// <summary>A bookTicker: checked now when its <c>u</c> is the book's, kept when it is ahead, ignored when behind.</summary>
    public SyncStep OnBookTicker(long updateId, FixedDecimal bid, FixedDecimal bidQty, FixedDecimal ask, FixedDecimal askQty)
    {
        ClearFindings();
        if (Phase != SyncPhase.Live || updateId < Id)
        {
            return SyncStep.Ignored;
        }

        Ticker ticker = new(updateId, bid, bidQty, ask, askQty);
        if (updateId == Id)
        {
            _checking = ticker;
            return CheckTicker();
        }

        // Its depth event has not come yet: checked when it does. A full ring forgets its oldest.
        if (_tickerCount > 0 && _tickers[(_tickerStart + _tickerCount - 1) % MaxPendingTickers].Id >= updateId)
        {
            return SyncStep.Ignored;
        }

        if (_tickerCount == MaxPendingTickers)
        {
            _tickerStart = (_tickerStart + 1) % MaxPendingTickers;
            _tickerCount--;
        }

        _tickers[(_tickerStart + _tickerCount) % MaxPendingTickers] = ticker;
        _tickerCount++;
        return SyncStep.Ignored;
    }

    /// <summary>Spot drops <c>u &lt;= L</c>; USD-M drops <c>u &lt; L</c>.</summary>
    private bool IsStale(in DepthEvent e, long snapshotId) => _futures ? e.LastId < snapshotId : e.LastId <= snapshotId;

    /// <summary>Spot: <c>U &lt;= L+1 &lt;= u</c>. USD-M: <c>U &lt;= L &lt;= u</c>, or <c>pu == L</c>.</summary>
    private bool Joins(in DepthEvent e, long snapshotId) => _futures
        ? (e.FirstId <= snapshotId && snapshotId <= e.LastId) || e.PreviousId == snapshotId
        : e.FirstId <= snapshotId + 1 && snapshotId + 1 <= e.LastId;

    /// <summary>Spot: <c>U == previous u + 1</c>. USD-M: <c>pu == previous u</c> (its ids are not contiguous).</summary>
    private bool Continues(in DepthEvent e, long previous) => _futures ? e.PreviousId == previous : e.FirstId == previous + 1;

    private SyncStep Join(in DepthEvent e, ReadOnlySpan<PriceLevel> bids, ReadOnlySpan<PriceLevel> asks)
    {
        if (IsStale(e, _snapshotId))
        {
            return SyncStep.Ignored;
        }

        if (!Joins(e, _snapshotId))
        {
            Detail = $"snapshot {_snapshotId} does not join the event U={e.FirstId} u={e.LastId}";
            UnloadSnapshot(keepFrom: 0);
            _pending.Add(e, bids, asks);
            return SyncStep.Refetch;
        }

        ApplyLevels(_live.Book, bids, asks);
        Stamp(e);
        Phase = SyncPhase.Live;
        _live.IsVerified = true;
        CheckBand();
        return SyncStep.Applied;
    }

    private SyncStep Continue(in DepthEvent e, ReadOnlySpan<PriceLevel> bids, ReadOnlySpan<PriceLevel> asks)
    {
        if (!Continues(e, Id))
        {
            string detail = _futures
                ? $"update id chain broken: pu={e.PreviousId}, expected {Id} (u={e.LastId})"
                : $"update id gap: U={e.FirstId}, expected {Id + 1} (u={e.LastId})";
            Fail(detail);

            // This event starts the new buffer: the next snapshot may be older than it.
            _pending.Add(e, bids, asks);
            return SyncStep.ProofFailed;
        }

        ApplyLevels(_live.Book, bids, asks);
        Stamp(e);
        CheckBand();

        if (_refresh == RefreshPhase.Recording)
        {
            if (_refreshEvents.Count >= _maxBuffered)
            {
                CancelRefresh();
                RefreshFailed = true;
            }
            else
            {
                _refreshEvents.Add(e, bids, asks);
            }
        }
        else if (_refresh == RefreshPhase.Joining && OfferToShadow(e, bids, asks) && _shadowJoined && _shadowId == Id)
        {
            if (CompleteRefresh() == SyncStep.ProofFailed)
            {
                // The event itself is fine: it starts the new buffer.
                _pending.Add(e, bids, asks);
                return SyncStep.ProofFailed;
            }
        }

        while (_tickerCount > 0 && _tickers[_tickerStart].Id <= Id)
        {
            _checking = _tickers[_tickerStart];
            _tickerStart = (_tickerStart + 1) % MaxPendingTickers;
            _tickerCount--;
            if (_checking.Id == Id && CheckTicker() == SyncStep.ProofFailed)
            {
                _pending.Add(e, bids, asks);
                return SyncStep.ProofFailed;
            }
        }

        if (++_appliedSincePrune >= PruneEvery)
        {
            _appliedSincePrune = 0;
            Prune();
        }

        if (HandoverActive)
        {
            TrySwitch();
        }

        return SyncStep.Applied;
    }

    // False when the shadow's snapshot cannot join: the refresh is given up.
    private bool OfferToShadow(in DepthEvent e, ReadOnlySpan<PriceLevel> bids, ReadOnlySpan<PriceLevel> asks)
    {
        OrderBook shadow = _shadow!;
        if (!_shadowJoined)
        {
            if (IsStale(e, _shadowSnapshotId))
            {
                return true;
            }

            if (!Joins(e, _shadowSnapshotId))
            {
                CancelRefresh();
                RefreshFailed = true;
                return false;
            }

            _shadowJoined = true;
        }

        ApplyLevels(shadow, bids, asks);
        _shadowId = e.LastId;
        return true;
    }

    private SyncStep CompleteRefresh()
    {
        OrderBook shadow = _shadow!;
        int differences = CountDifferences(_live.Book.Bids, shadow.Bids, Tighter(_live.BidFloor, _shadowFloor, bids: true), bids: true)
            + CountDifferences(_live.Book.Asks, shadow.Asks, Tighter(_live.AskCeiling, _shadowCeiling, bids: false), bids: false);
        RefreshDifferences = differences;
        _refresh = RefreshPhase.None;
        if (differences > 0)
        {
            Fail($"audit: {differences} level(s) differ from a fresh snapshot ({_shadowSnapshotId}) at u={Id}");
            return SyncStep.ProofFailed;
        }

        OrderBook book = _live.Book;
        book.Clear();
        foreach (PriceLevel level in shadow.Bids.Levels)
        {
            book.Bids.Set(level.Price, level.Qty);
        }

        foreach (PriceLevel level in shadow.Asks.Levels)
        {
            book.Asks.Set(level.Price, level.Qty);
        }

        _live.BidFloor = _shadowFloor;
        _live.AskCeiling = _shadowCeiling;
        CheckBand();
        return SyncStep.Applied;
    }

    private SyncStep CheckTicker()
    {
        Ticker ticker = _checking;
        BookSide bids = _live.Book.Bids;
        BookSide asks = _live.Book.Asks;

        // A top outside the band cannot be vouched for, so it cannot be checked either (a refresh is coming).
        if ((bids.Count > 0 && _live.BidFloor is FixedDecimal floor && bids[0].Price < floor)
            || (asks.Count > 0 && _live.AskCeiling is FixedDecimal ceiling && asks[0].Price > ceiling))
        {
            return SyncStep.Ignored;
        }

        bool bidMatches = bids.Count > 0 ? bids[0].Price == ticker.Bid && bids[0].Qty == ticker.BidQty : ticker.BidQty.IsZero;
        bool askMatches = asks.Count > 0 ? asks[0].Price == ticker.Ask && asks[0].Qty == ticker.AskQty : ticker.AskQty.IsZero;
        CrossChecked = bidMatches && askMatches;
        if (bidMatches && askMatches)
        {
            return SyncStep.Applied;
        }

        string book = $"{(bids.Count > 0 ? $"{bids[0].Price}x{bids[0].Qty}" : "none")} / {(asks.Count > 0 ? $"{asks[0].Price}x{asks[0].Qty}" : "none")}";
        Fail($"bookTicker cross-check failed at u={Id}: ticker {ticker.Bid}x{ticker.BidQty} / {ticker.Ask}x{ticker.AskQty}, book {book}");
        return SyncStep.ProofFailed;
    }

    /// <summary>
    /// Bounds what is kept beyond the band: those levels can never be written nor checked (a refresh replaces the
    /// whole book), so each side keeps every level inside the band and only <c>WriteDepth</c> beyond it, enough to see
    /// the written levels leave the band. Without this a busy side grows all day and every insert near the top moves
    /// the whole array.
    /// </summary>
    private void Prune()
    {
        int keepBeyond = _live.WriteDepth;
        if (_live.BidFloor is FixedDecimal floor)
        {
            BookSide side = _live.Book.Bids;
            int inside = side.Count;
            while (inside > 0 && side[inside - 1].Price < floor)
            {
                inside--;
            }

            side.Truncate(inside + keepBeyond);
        }

        if (_live.AskCeiling is FixedDecimal ceiling)
        {
            BookSide side = _live.Book.Asks;
            int inside = side.Count;
            while (inside > 0 && side[inside - 1].Price > ceiling)
            {
                inside--;
            }

            side.Truncate(inside + keepBeyond);
        }
    }

    private void CheckBand()
    {
        int depth = _live.WriteDepth;
        ReadOnlySpan<PriceLevel> bids = _live.Book.Bids.Levels;
        ReadOnlySpan<PriceLevel> asks = _live.Book.Asks.Levels;
        int bidCount = Math.Min(bids.Length, depth);
        int askCount = Math.Min(asks.Length, depth);

        // Best first, so the levels inside the band are a prefix: the written ones all fit when the last does.
        BandLeft = (bidCount > 0 && _live.BidFloor is FixedDecimal floor && bids[bidCount - 1].Price < floor)
            || (askCount > 0 && _live.AskCeiling is FixedDecimal ceiling && asks[askCount - 1].Price > ceiling);
    }

    // The proof failed: drop the book and buffer afresh for a new snapshot.
    private void Fail(string detail)
    {
        Detail = detail;
        Drop();
        Phase = SyncPhase.AwaitingSnapshot;
    }

    private void Drop()
    {
        _live.IsVerified = false;
        _live.Book.Clear();
        _pending.Clear();
        _snapshotLoaded = false;
        _tickerCount = 0;
        CancelRefresh();
        CancelHandover();
    }

    private void UnloadSnapshot(int keepFrom)
    {
        _live.Book.Clear();
        _snapshotLoaded = false;
        _pending.RemoveFirst(keepFrom);
    }

    private void ClearFindings()
    {
        Detail = null;
        BandLeft = false;
        CrossChecked = null;
        RefreshDifferences = null;
        RefreshFailed = false;
        HandedOver = false;
    }

    private void Stamp(in DepthEvent e)
    {
        Id = e.LastId;
        _live.Sequence = e.LastId;
        _live.HasSequence = true;

        // Neither time may go backwards within a session, whatever the exchange's or the local clock does.
        if (e.ExchangeTimeMs >= 0)
        {
            DateTimeOffset exchangeTime = DateTimeOffset.FromUnixTimeMilliseconds(e.ExchangeTimeMs);
            if (exchangeTime > _live.ExchangeTime)
            {
                _live.ExchangeTime = exchangeTime;
            }
        }
        else if (e.Received > _live.ExchangeTime)
        {
            _live.ExchangeTime = e.Received;
        }

        if (e.Received > _live.ReceiveTime)
        {
            _live.ReceiveTime = e.Received;
        }
    }

    private void Load(OrderBook book, BinanceSnapshot snapshot, out FixedDecimal? floor, out FixedDecimal? ceiling)
    {
        book.Clear();
        foreach (PriceLevel level in snapshot.Bids)
        {
            book.Bids.Set(Trim(level.Price, _live.PricePrecision), Trim(level.Qty, _live.QtyPrecision));
        }

        foreach (PriceLevel level in snapshot.Asks)
        {
            book.Asks.Set(Trim(level.Price, _live.PricePrecision), Trim(level.Qty, _live.QtyPrecision));
        }

        // A side shorter than the limit is the whole side: every level of it is known, now and later.
        floor = snapshot.Bids.Count >= _snapshotLimit && book.Bids.Count > 0 ? book.Bids[book.Bids.Count - 1].Price : null;
        ceiling = snapshot.Asks.Count >= _snapshotLimit && book.Asks.Count > 0 ? book.Asks[book.Asks.Count - 1].Price : null;
    }

    private void ApplyLevels(OrderBook book, ReadOnlySpan<PriceLevel> bids, ReadOnlySpan<PriceLevel> asks)
    {
        int pricePrecision = _live.PricePrecision;
        int qtyPrecision = _live.QtyPrecision;

        // A zero quantity deletes the level; one the book does not hold is a no-op (BookSide.Set ignores it).
        foreach (PriceLevel level in bids)
        {
            book.Bids.Set(Trim(level.Price, pricePrecision), Trim(level.Qty, qtyPrecision));
        }

        foreach (PriceLevel level in asks)
        {
            book.Asks.Set(Trim(level.Price, pricePrecision), Trim(level.Qty, qtyPrecision));
        }
    }

    /// <summary>
    /// The same value with the wire's padding zeros beyond the instrument's precision removed (spot sends 8 decimals
    /// whatever the tick): exact, as only zeros go; a value with more significant digits keeps them all.
    /// </summary>
    internal static FixedDecimal Trim(FixedDecimal value, int precision)
    {
        if (precision < 0 || value.Scale <= precision)
        {
            return value;
        }

        long units = value.Units;
        int scale = value.Scale;
        while (scale > precision && units % 10 == 0)
        {
            units /= 10;
            scale--;
        }

        return scale == value.Scale ? value : new FixedDecimal(units, scale);
    }

    private static FixedDecimal? Tighter(FixedDecimal? a, FixedDecimal? b, bool bids)
    {
        if (a is not FixedDecimal x)
        {
            return b;
        }

        if (b is not FixedDecimal y)
        {
            return a;
        }

        return bids ? (x > y ? x : y) : (x < y ? x : y);
    }

    /// <summary>Levels present on one side only, or at different quantities, among the prices inside the bound.</summary>
    private static int CountDifferences(BookSide live, BookSide shadow, FixedDecimal? bound, bool bids)
    {
        ReadOnlySpan<PriceLevel> a = live.Levels;
        ReadOnlySpan<PriceLevel> b = shadow.Levels;
        int i = 0;
        int j = 0;
        int differences = 0;
        while (true)
        {
            bool hasA = i < a.Length && Inside(a[i].Price, bound, bids);
            bool hasB = j < b.Length && Inside(b[j].Price, bound, bids);
            if (!hasA && !hasB)
            {
                return differences;
            }

            int order = !hasA ? 1 : !hasB ? -1 : a[i].Price.CompareTo(b[j].Price) * (bids ? -1 : 1);
            if (order == 0)
            {
                differences += a[i].Qty == b[j].Qty ? 0 : 1;
                i++;
                j++;
            }
            else if (order < 0)
            {
                differences++;
                i++;
            }
            else
            {
                differences++;
                j++;
            }
        }
    }

    private static bool Inside(FixedDecimal price, FixedDecimal? bound, bool bids) =>
        bound is not FixedDecimal edge || (bids ? price >= edge : price <= edge);

    private readonly record struct Ticker(long Id, FixedDecimal Bid, FixedDecimal BidQty, FixedDecimal Ask, FixedDecimal AskQty);
}
