using L2Rec.Books;
using L2Rec.Feeds.Healing;
using Serilog;

namespace L2Rec.Feeds.Binance;

/// <summary>
/// Binance spot or USD-M diff-depth feed on the shared healing machinery: one combined-stream connection per group of
/// symbols (1024 streams or a URL length at most each), a book per symbol synced from a REST snapshot and proven by
/// its update-id chain (<see cref="BinanceBookSync"/>), bookTicker cross-checks, band refreshes and audits from fresh
/// snapshots, and one REST worker that queues every snapshot within the exchange's weight limits. A proof failure
/// drops and re-syncs that book alone (a <c>sequence</c> outage); a connection fault drops that connection's books.
/// </summary>
public sealed class BinanceFeed : IBookFeed
{
    private static readonly TimeSpan RefetchDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan SummaryEvery = TimeSpan.FromMinutes(10);

    private readonly BinanceFeedOptions _options;
    private readonly BinanceMarket _market;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Random _random;
    private readonly BinanceBookSlot[] _slots;
    private readonly BinanceConnectionGroup[] _groups;
    private readonly BinanceRestClient _rest;
    private readonly Lock _queueLock = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Dictionary<string, BinanceInstrument>? _instruments;
    private IBookSink? _sink;
    private long _nextSummary;

    private long _crossChecks;
    private long _crossCheckFailures;
    private long _comparisons;
    private long _comparisonFailures;
    private long _bandRefreshes;
    private long _sequenceBreaks;
    private long _snapshots;
    private long _refetches;
    private long _auditsSkipped;

    public BinanceFeed(BinanceFeedOptions options, TimeProvider timeProvider, ILogger logger, Random? random = null)
    {
        if (!options.Market.AcceptsSnapshotLimit(options.SnapshotLimit))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SnapshotLimit, $"{options.Market.Name} serves no snapshot of {options.SnapshotLimit} levels");
        }

        _options = options;
        _market = options.Market;
        _time = timeProvider;
        _log = logger.ForContext<BinanceFeed>();
        _random = random ?? Random.Shared;
        _rest = new BinanceRestClient(options, timeProvider, _log);
        List<List<int>> groups = Group(options);
        _slots = new BinanceBookSlot[options.Symbols.Count];
        _groups = new BinanceConnectionGroup[groups.Count];
        for (int g = 0; g < groups.Count; g++)
        {
            FrameClock clock = new();
            List<BinanceBookSlot> slots = [];
            foreach (int i in groups[g])
            {
                // Kept as deep as the stream makes it (never cut: any cut would lose levels the band still vouches
                // for), written --depth deep and never outside the band.
                LiveBook live = new(options.Symbols[i], Math.Max(options.SnapshotLimit, options.Depth), timeProvider, clock, options.Depth);
                _slots[i] = new BinanceBookSlot(i, live, new BinanceBookSync(live, _market.IsFutures, options.SnapshotLimit, options.MaxBufferedEvents), new ReconnectBackoff(timeProvider, _random));
                slots.Add(_slots[i]);
            }

            BinanceConnectionGroup group = new(g + 1, slots, clock);
            Uri uri = StreamUri(options, groups[g]);
            for (int lane = 0; lane < 2; lane++)
            {
                // A parser per connection: each runs on its own receive loop.
                BinanceConnection connection = new(this, group, lane, uri, new BinanceFrameParser(options.Symbols), _market.IsFutures);
                connection.Runner = new FeedConnectionRunner(
                    connection,
                    new FeedConnectionOptions { StaleAfter = options.StaleAfter, ConnectTimeout = options.ConnectTimeout },
                    clock,
                    timeProvider,
                    _log,
                    _random);
                group.Lanes[lane] = connection;
            }

            foreach (BinanceBookSlot slot in slots)
            {
                slot.Group = group;
                slot.ActiveConnection = group.Active;
            }

            _groups[g] = group;
        }
    }

    public string Exchange => _market.Name;

    public IReadOnlyList<string> Proof { get; } = [BookProof.Sequence];

    /// <summary>The books this feed keeps, in the order of the symbols.</summary>
    public IReadOnlyList<LiveBook> Books => [.. _slots.Select(s => s.Live)];

    /// <summary>The combined-stream URL of each connection.</summary>
    public IReadOnlyList<Uri> ConnectionUris => [.. _groups.Select(g => g.Active.ConnectionUri)];

    /// <summary>Handovers to a fresh connection completed (the 24-hour limit, or a shutdown the server announced).</summary>
    public int Handovers => _groups.Sum(g => g.Handovers);

    /// <summary>bookTickers compared with the book at the same update id.</summary>
    public long CrossChecks => Interlocked.Read(ref _crossChecks);

    public long CrossCheckFailures => Interlocked.Read(ref _crossCheckFailures);

    /// <summary>Fresh snapshots (band refreshes and audits) compared with the book at the same update id.</summary>
    public long Comparisons => Interlocked.Read(ref _comparisons);

    /// <summary>Comparisons that found a difference (each a proof failure and a re-sync).</summary>
    public long ComparisonFailures => Interlocked.Read(ref _comparisonFailures);

    /// <summary>Snapshots requested because the written levels were leaving the band.</summary>
    public long BandRefreshes => Interlocked.Read(ref _bandRefreshes);

    /// <summary>Update-id chains broken (gaps).</summary>
    public long SequenceBreaks => Interlocked.Read(ref _sequenceBreaks);

    /// <summary>Snapshots received.</summary>
    public long Snapshots => Interlocked.Read(ref _snapshots);

    /// <summary>Snapshots fetched again because they did not join the buffered stream (older than its first event).</summary>
    public long Refetches => Interlocked.Read(ref _refetches);

    /// <summary>Audits skipped because weight was scarce.</summary>
    public long AuditsSkipped => Interlocked.Read(ref _auditsSkipped);

    /// <summary>The REST weight Binance last reported used this minute.</summary>
    public int UsedWeight => _rest.UsedWeight;

    /// <summary>The active connection of each group.</summary>
    internal IReadOnlyList<BinanceConnection> Connections => [.. _groups.Select(g => g.Active)];

    internal IReadOnlyList<BinanceConnectionGroup> Groups => _groups;

    internal BinanceRestClient Rest => _rest;

    public async Task<SymbolListing> CheckSymbolsAsync(CancellationToken cancellationToken)
    {
        Uri uri = _rest.ResourceUri(_market.ExchangeInfoPath, string.Empty);
        using CancellationTokenSource timeout = new(_options.ListingTimeout, _time);
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        RestResponse response;
        try
        {
            response = await _rest.GetAsync(uri, _market.ExchangeInfoWeight, optional: false, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SymbolListing.Unchecked($"no exchangeInfo from {uri} within {_options.ListingTimeout.TotalSeconds:0} s");
        }

        if (response.Outcome != RestOutcome.Ok)
        {
            return SymbolListing.Unchecked($"{uri}: {response.Detail}");
        }

        Dictionary<string, BinanceInstrument>? instruments = BinanceInstrument.ParseExchangeInfo(response.Body);
        if (instruments is null)
        {
            return SymbolListing.Unchecked($"{uri}: not an exchangeInfo answer");
        }

        _instruments = instruments;
        return SymbolListing.Checked([.. _options.Symbols.Where(s => !instruments.TryGetValue(s, out BinanceInstrument? i) || !i.IsTrading)]);
    }

    public Task RunAsync(IBookSink sink, CancellationToken cancellationToken) => RunCoreAsync(sink, connect: true, cancellationToken);

    /// <summary>
    /// Runs the REST worker and the timers but opens no connection: tests (and replays of recorded messages) drive
    /// each connection's protocol themselves, frame by frame.
    /// </summary>
    internal Task RunWithoutConnectionsAsync(IBookSink sink, CancellationToken cancellationToken) => RunCoreAsync(sink, connect: false, cancellationToken);

    private async Task RunCoreAsync(IBookSink sink, bool connect, CancellationToken cancellationToken)
    {
        _sink = sink;
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long start = _time.GetTimestamp();
        _nextSummary = Later(start, SummaryEvery);
        lock (_queueLock)
        {
            // Audits spread over the period, so 200 books do not ask for 200 snapshots in the same second.
            for (int i = 0; i < _slots.Length; i++)
            {
                _slots[i].NextAuditAt = Later(start, _options.AuditEvery + (_options.AuditEvery * i / _slots.Length));
            }
        }

        using ITimer timer = _time.CreateTimer(_ => OnTimer(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        List<Task> tasks = connect ? [.. _groups.Select(g => SuperviseAsync(g, stop.Token))] : [];
        tasks.Add(RunRestAsync(stop.Token));
        try
        {
            Task first = await Task.WhenAny(tasks).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The others stopped because one ended.
            }

            await first.ConfigureAwait(false);
        }
        finally
        {
            LogSummary();
            _rest.Dispose();
        }
    }

    internal DateTimeOffset Now() => _time.GetUtcNow();

    /// <summary>
    /// A connection is up: each book it drives buffers from now and queues its snapshot; on a connection taking over,
    /// each live book of the old one starts keeping its events to join them.
    /// </summary>
    internal void OnConnected(BinanceConnection connection)
    {
        connection.ConnectedAt = _time.GetTimestamp();
        BinanceConnectionGroup group = connection.Group;
        if (group.Active == connection)
        {
            group.ShutdownAnnounced = false;
        }
        foreach (BinanceBookSlot slot in group.Slots)
        {
            if (slot.Ended)
            {
                continue;
            }

            bool sync = false;
            lock (slot.Live.Sync)
            {
                if (slot.ActiveConnection == connection)
                {
                    slot.Sync.Start();
                    sync = true;
                }
                else if (group.Incoming == connection && !slot.Sync.BeginHandover())
                {
                    // Not live on the old connection: nothing to keep, it syncs on the new one at once.
                    slot.ActiveConnection = connection;
                    slot.Sync.Start();
                    sync = true;
                }
            }

            if (sync)
            {
                Request(slot, SnapshotPurpose.Sync, TimeSpan.Zero);
            }
        }
    }

    internal void OnDisconnected(BinanceConnection connection, ConnectionFault fault)
    {
        connection.ConnectedAt = 0;
        List<LiveBook> lost = [];
        foreach (BinanceBookSlot slot in connection.Group.Slots)
        {
            if (slot.Ended)
            {
                continue;
            }

            bool dropped = false;
            bool moved = false;
            lock (slot.Live.Sync)
            {
                if (slot.ActiveConnection == connection && connection.Group.Incoming is { ConnectedAt: not 0 } incoming && incoming != connection)
                {
                    // The old connection died during a handover: its books sync on the new one at once.
                    slot.ActiveConnection = incoming;
                    slot.Sync.Start();
                    dropped = true;
                    moved = true;
                }
                else if (slot.ActiveConnection == connection)
                {
                    slot.Sync.Stop();
                    dropped = true;
                }
                else if (connection.Group.Incoming == connection)
                {
                    slot.Sync.CancelHandover();
                }
            }

            if (dropped)
            {
                lock (_queueLock)
                {
                    slot.Wanted = SnapshotPurpose.None;
                }

                lost.Add(slot.Live);
            }

            if (moved)
            {
                Request(slot, SnapshotPurpose.Sync, TimeSpan.Zero);
            }
        }

        if (lost.Count > 0)
        {
            _sink!.OnBooksLost(lost, fault.Reason, fault.Detail);
        }
    }

    internal void OnShutdownAnnounced(BinanceConnection connection)
    {
        if (connection.Group.Active == connection)
        {
            _log.Information("Connection {Group}: the server announced its shutdown; handing over to a new connection", connection.Group.Number);
            connection.Group.ShutdownAnnounced = true;
        }
    }

    internal void OnDepthEvent(BinanceConnection connection, int index, in DepthEvent depthEvent, ReadOnlySpan<PriceLevel> bids, ReadOnlySpan<PriceLevel> asks)
    {
        BinanceBookSlot slot = _slots[index];
        lock (slot.Live.Sync)
        {
            bool wasVerified = slot.Live.IsVerified;
            SyncStep step;
            if (slot.ActiveConnection == connection)
            {
                step = slot.Sync.OnEvent(depthEvent, bids, asks);
            }
            else if (connection.Group.Incoming == connection)
            {
                step = slot.Sync.OnHandoverEvent(depthEvent, bids, asks);
            }
            else
            {
                return;
            }

            if (slot.Sync.HandedOver)
            {
                slot.ActiveConnection = connection.Group.Incoming;
            }

            After(slot, step == SyncStep.Buffered && connection != slot.ActiveConnection ? SyncStep.Ignored : step, bookChanged: true, wasVerified);
        }
    }

    internal void OnBookTicker(BinanceConnection connection, int index, BinanceFrame frame)
    {
        BinanceBookSlot slot = _slots[index];
        lock (slot.Live.Sync)
        {
            if (slot.ActiveConnection != connection)
            {
                return;
            }

            SyncStep step = slot.Sync.OnBookTicker(frame.LastId, frame.BestBid, frame.BestBidQty, frame.BestAsk, frame.BestAskQty);
            After(slot, step, bookChanged: false, wasVerified: true);
        }
    }

    /// <summary>
    /// Opens the group's other lane to take its books over. Each live book keeps the new connection's events and moves
    /// onto them as soon as they join it (see <see cref="BinanceBookSync.BeginHandover"/>).
    /// </summary>
    internal BinanceConnection BeginHandover(BinanceConnectionGroup group)
    {
        BinanceConnection incoming = group.Lanes[1 - group.ActiveLane];
        group.Incoming = incoming;
        return incoming;
    }

    /// <summary>True when every book of the group still recorded runs on the incoming connection.</summary>
    internal static bool HandoverDone(BinanceConnectionGroup group) =>
        group.Incoming is { } incoming && group.Slots.All(s => s.Ended || s.ActiveConnection == incoming);

    /// <summary>
    /// Makes the incoming lane the active one. Books that could not move in time (not live, or their events never
    /// joined) are dropped and re-synced on the new connection; the caller then closes the old one.
    /// </summary>
    internal void CompleteHandover(BinanceConnectionGroup group)
    {
        BinanceConnection incoming = group.Incoming!;
        List<LiveBook> lost = [];
        foreach (BinanceBookSlot slot in group.Slots)
        {
            if (slot.Ended)
            {
                continue;
            }

            bool sync = false;
            lock (slot.Live.Sync)
            {
                if (slot.ActiveConnection != incoming)
                {
                    bool wasVerified = slot.Live.IsVerified;
                    slot.ActiveConnection = incoming;
                    slot.Sync.Start();
                    sync = true;
                    if (wasVerified)
                    {
                        lost.Add(slot.Live);
                    }
                }
            }

            if (sync)
            {
                Request(slot, SnapshotPurpose.Sync, TimeSpan.Zero);
            }
        }

        group.ActiveLane = incoming.Lane;
        group.Incoming = null;
        group.ShutdownAnnounced = false;
        group.Handovers++;
        if (lost.Count > 0)
        {
            _sink!.OnBooksLost(lost, OutageReason.Disconnect, "connection lifetime: the book did not move to the new connection in time");
        }

        _log.Information("Connection {Group}: handed over to a new connection ({Moved} of {Count} books without a gap)", group.Number, group.Slots.Count(s => !s.Ended) - lost.Count, group.Slots.Count(s => !s.Ended));
    }

    /// <summary>Gives a handover up (the new connection never connected): the old one goes on, the books stay.</summary>
    internal void AbortHandover(BinanceConnectionGroup group)
    {
        BinanceConnection? incoming = group.Incoming;
        group.Incoming = null;
        foreach (BinanceBookSlot slot in group.Slots)
        {
            lock (slot.Live.Sync)
            {
                slot.Sync.CancelHandover();
                if (slot.ActiveConnection == incoming)
                {
                    // Cannot happen without a connection; kept safe: such a book re-syncs on the old one.
                    slot.ActiveConnection = group.Active;
                }
            }
        }
    }

    // Runs a group's active connection, and every ConnectionLifetime (or when the server announces its shutdown)
    // opens the other lane, hands the books over and closes the old one.
    private async Task SuperviseAsync(BinanceConnectionGroup group, CancellationToken cancellationToken)
    {
        CancellationTokenSource activeStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task active = group.Active.Runner!.RunAsync(activeStop.Token);
        long notBefore = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                long connectedAt = group.Active.ConnectedAt;
                bool due = connectedAt != 0 && (group.ShutdownAnnounced || _time.GetElapsedTime(connectedAt) >= _options.ConnectionLifetime);
                if (!due || _time.GetTimestamp() < notBefore)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                BinanceConnection incoming = BeginHandover(group);
                _log.Information("Connection {Group}: opening its successor ({Reason:l})", group.Number, group.ShutdownAnnounced ? "shutdown announced" : "connection lifetime");
                CancellationTokenSource incomingStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                Task next = incoming.Runner!.RunAsync(incomingStop.Token);
                long started = _time.GetTimestamp();
                while (!HandoverDone(group) && _time.GetElapsedTime(started) < _options.HandoverTimeout)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken).ConfigureAwait(false);
                }

                if (incoming.ConnectedAt == 0)
                {
                    _log.Warning("Connection {Group}: its successor did not connect; trying again in a minute", group.Number);
                    AbortHandover(group);
                    await incomingStop.CancelAsync().ConfigureAwait(false);
                    await next.ConfigureAwait(false);
                    incomingStop.Dispose();
                    notBefore = Later(_time.GetTimestamp(), TimeSpan.FromMinutes(1));
                    continue;
                }

                CompleteHandover(group);

                // Stopping a runner does not report its books: they run on the new connection now.
                BinanceConnection old = group.Lanes[1 - group.ActiveLane];
                await activeStop.CancelAsync().ConfigureAwait(false);
                await active.ConfigureAwait(false);
                old.ConnectedAt = 0;
                activeStop.Dispose();
                activeStop = incomingStop;
                active = next;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
        finally
        {
            await activeStop.CancelAsync().ConfigureAwait(false);
            await active.ConfigureAwait(false);
            activeStop.Dispose();
        }
    }

    // What a step means for the sink, the counters and the snapshot queue. Under the book's lock, so the sink's calls
    // for one book never overlap (the lock order, book then recording, is the session's own).
    private void After(BinanceBookSlot slot, SyncStep step, bool bookChanged, bool wasVerified)
    {
        BinanceBookSync sync = slot.Sync;
        LiveBook live = slot.Live;
        if (sync.CrossChecked is bool matched)
        {
            Interlocked.Increment(ref _crossChecks);
            if (!matched)
            {
                Interlocked.Increment(ref _crossCheckFailures);
            }
        }

        if (sync.RefreshDifferences is int differences)
        {
            Interlocked.Increment(ref _comparisons);
            if (differences > 0)
            {
                Interlocked.Increment(ref _comparisonFailures);
                _log.Error("{Symbol:l}: AUDIT FAILED: {Detail:l}", live.Symbol, sync.Detail);
            }
        }

        switch (step)
        {
            case SyncStep.Applied:
                slot.Backoff.MarkHealthy();
                slot.ActiveConnection!.Runner!.MarkHealthy();
                if (bookChanged && live.IsVerified)
                {
                    if (!wasVerified)
                    {
                        _log.Information("{Symbol:l}: synced at u={Id}, band {Floor} to {Ceiling}", live.Symbol, sync.Id, live.BidFloor?.ToString() ?? "all bids", live.AskCeiling?.ToString() ?? "all asks");
                    }

                    _sink!.OnBookVerified(live);
                }

                if (sync.BandLeft && !sync.RefreshPending)
                {
                    RequestRefresh(slot);
                }

                break;
            case SyncStep.ProofFailed:
                if (sync.CrossChecked is null && sync.RefreshDifferences is null)
                {
                    Interlocked.Increment(ref _sequenceBreaks);
                }

                TimeSpan delay = slot.Backoff.NextDelay();
                _log.Warning("{Symbol:l}: {Detail:l}; book dropped, new snapshot in {Delay:0.0} s", live.Symbol, sync.Detail, delay.TotalSeconds);
                _sink!.OnBooksLost([live], OutageReason.Sequence, sync.Detail ?? "sequence proof failed");
                Request(slot, SnapshotPurpose.Sync, delay);
                break;
            case SyncStep.Refetch:
                Interlocked.Increment(ref _refetches);
                _log.Debug("{Symbol:l}: {Detail:l}; fetching another snapshot", live.Symbol, sync.Detail);

                // The book is not proven meanwhile: the time it waits is an outage the file must explain.
                _sink!.OnBooksLost([live], OutageReason.Sequence, sync.Detail ?? "snapshot older than the stream");
                Request(slot, SnapshotPurpose.Sync, RefetchDelay);
                break;
            case SyncStep.Overflow:
                _log.Warning("{Symbol:l}: more than {Count} events buffered while waiting for a snapshot; buffer started over", live.Symbol, _options.MaxBufferedEvents);
                break;
            default:
                break;
        }
    }

    private async Task RunRestAsync(CancellationToken cancellationToken)
    {
        ReconnectBackoff infoBackoff = new(_time, _random);
        bool instrumentsApplied = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!instrumentsApplied)
                {
                    // Precisions first: no book is synced before its instrument says how its numbers are written.
                    if (_instruments is null && !await LoadInstrumentsAsync(cancellationToken).ConfigureAwait(false))
                    {
                        await Task.Delay(infoBackoff.NextDelay(), _time, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    ApplyInstruments();
                    instrumentsApplied = true;
                    continue;
                }

                Task wake = Volatile.Read(ref _wake).Task;
                (BinanceBookSlot? slot, SnapshotPurpose purpose, TimeSpan wait) = PickNext();
                if (slot is null)
                {
                    await Task.WhenAny(wake, Task.Delay(wait, _time, cancellationToken)).ConfigureAwait(false);
                    continue;
                }

                await FetchAsync(slot, purpose, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<bool> LoadInstrumentsAsync(CancellationToken cancellationToken)
    {
        Uri uri = _rest.ResourceUri(_market.ExchangeInfoPath, string.Empty);
        RestResponse response = await _rest.GetAsync(uri, _market.ExchangeInfoWeight, optional: false, cancellationToken).ConfigureAwait(false);
        Dictionary<string, BinanceInstrument>? instruments = response.Outcome == RestOutcome.Ok ? BinanceInstrument.ParseExchangeInfo(response.Body) : null;
        if (instruments is null)
        {
            _log.Warning("No instrument list from {Uri:l} ({Detail:l}); trying again", uri.ToString(), response.Outcome == RestOutcome.Ok ? "not an exchangeInfo answer" : response.Detail);
            return false;
        }

        _instruments = instruments;
        return true;
    }

    private void ApplyInstruments()
    {
        Dictionary<string, BinanceInstrument> instruments = _instruments!;
        foreach (BinanceBookSlot slot in _slots)
        {
            if (slot.Ended)
            {
                continue;
            }

            if (!instruments.TryGetValue(slot.Live.Symbol, out BinanceInstrument? instrument))
            {
                End(slot, $"{_market.Name}'s exchangeInfo does not list it");
                continue;
            }

            if (!instrument.IsTrading)
            {
                End(slot, $"{_market.Name} lists it with status {instrument.Status}");
                continue;
            }

            lock (slot.Live.Sync)
            {
                slot.Live.PricePrecision = instrument.PricePrecision;
                slot.Live.QtyPrecision = instrument.QtyPrecision;
            }

            _log.Information("{Symbol:l}: price precision {Price}, qty precision {Qty}", slot.Live.Symbol, instrument.PricePrecision, instrument.QtyPrecision);
        }
    }

    private (BinanceBookSlot? Slot, SnapshotPurpose Purpose, TimeSpan Wait) PickNext()
    {
        lock (_queueLock)
        {
            long now = _time.GetTimestamp();
            long wakeAt = Later(now, TimeSpan.FromSeconds(1));
            BinanceBookSlot? best = null;
            foreach (BinanceBookSlot slot in _slots)
            {
                if (slot.Ended || slot.Wanted == SnapshotPurpose.None)
                {
                    continue;
                }

                if (slot.NotBefore > now)
                {
                    wakeAt = Math.Min(wakeAt, slot.NotBefore);
                    continue;
                }

                if (best is null || slot.Wanted > best.Wanted || (slot.Wanted == best.Wanted && slot.NotBefore < best.NotBefore))
                {
                    best = slot;
                }
            }

            if (best is null)
            {
                return (null, SnapshotPurpose.None, _time.GetElapsedTime(now, wakeAt));
            }

            SnapshotPurpose purpose = best.Wanted;
            best.Wanted = SnapshotPurpose.None;
            return (best, purpose, TimeSpan.Zero);
        }
    }

    private async Task FetchAsync(BinanceBookSlot slot, SnapshotPurpose purpose, CancellationToken cancellationToken)
    {
        LiveBook live = slot.Live;
        if (purpose != SnapshotPurpose.Sync)
        {
            // Record the events from before the request goes out: the snapshot must find them to join.
            lock (live.Sync)
            {
                if (!slot.Sync.BeginRefresh())
                {
                    return;
                }
            }

            if (purpose == SnapshotPurpose.Refresh)
            {
                Interlocked.Increment(ref _bandRefreshes);
            }
        }

        Uri uri = _rest.ResourceUri(_market.DepthPath, $"symbol={live.Symbol}&limit={_options.SnapshotLimit}");
        RestResponse response = await _rest.GetAsync(uri, _market.SnapshotWeight(_options.SnapshotLimit), optional: purpose == SnapshotPurpose.Audit, cancellationToken).ConfigureAwait(false);
        BinanceSnapshot? snapshot = null;
        if (response.Outcome == RestOutcome.Ok && !BinanceSnapshot.TryParse(response.Body, out snapshot))
        {
            response = response with { Outcome = RestOutcome.Failed, Detail = "the depth answer is not a snapshot" };
        }

        if (response.Outcome != RestOutcome.Ok)
        {
            Failed(slot, purpose, response);
            return;
        }

        lock (live.Sync)
        {
            bool wasVerified = live.IsVerified;
            SyncStep step = purpose == SnapshotPurpose.Sync ? slot.Sync.OnSnapshot(snapshot!) : slot.Sync.OnRefreshSnapshot(snapshot!);
            Interlocked.Increment(ref _snapshots);
            After(slot, step, bookChanged: true, wasVerified);
        }
    }

    private void Failed(BinanceBookSlot slot, SnapshotPurpose purpose, RestResponse response)
    {
        if (purpose != SnapshotPurpose.Sync)
        {
            lock (slot.Live.Sync)
            {
                slot.Sync.CancelRefresh();
            }
        }

        if (response.Outcome == RestOutcome.Refused && response.Code == RestResponse.InvalidSymbol)
        {
            End(slot, $"{_market.Name} answers that it is an invalid symbol ({response.Detail})");
            return;
        }

        switch (response.Outcome)
        {
            case RestOutcome.Skipped:
                Interlocked.Increment(ref _auditsSkipped);
                return;
            case RestOutcome.Throttled when purpose == SnapshotPurpose.Sync:
                // The client holds every request until Retry-After has passed; the unproven book's wait is an outage.
                _sink!.OnBooksLost([slot.Live], OutageReason.Error, $"no snapshot yet: {response.Detail}");
                Request(slot, SnapshotPurpose.Sync, TimeSpan.Zero);
                return;
            case RestOutcome.Throttled:
                return;
            default:
                if (purpose == SnapshotPurpose.Sync)
                {
                    _sink!.OnBooksLost([slot.Live], OutageReason.Error, $"no snapshot: {response.Detail}");
                    TimeSpan delay = slot.Backoff.NextDelay();
                    _log.Warning("{Symbol:l}: no snapshot ({Detail:l}); trying again in {Delay:0.0} s", slot.Live.Symbol, response.Detail, delay.TotalSeconds);
                    Request(slot, SnapshotPurpose.Sync, delay);
                }
                else
                {
                    _log.Debug("{Symbol:l}: no {Purpose} snapshot ({Detail:l})", slot.Live.Symbol, purpose, response.Detail);
                }

                return;
        }
    }

    /// <summary>The exchange does not list the symbol (any more): its recording ends, the others go on.</summary>
    private void End(BinanceBookSlot slot, string detail)
    {
        lock (_queueLock)
        {
            if (slot.Ended)
            {
                return;
            }

            slot.Ended = true;
            slot.Wanted = SnapshotPurpose.None;
        }

        lock (slot.Live.Sync)
        {
            slot.Sync.End();
        }

        _sink?.OnBookEnded(slot.Live, detail);
    }

    private void Request(BinanceBookSlot slot, SnapshotPurpose purpose, TimeSpan delay)
    {
        lock (_queueLock)
        {
            if (slot.Ended || purpose < slot.Wanted)
            {
                return;
            }

            slot.Wanted = purpose;
            slot.NotBefore = Later(_time.GetTimestamp(), delay);
        }

        Wake();
    }

    // The written levels are leaving the band: one refresh per book at a time, spaced, weight permitting (the REST
    // client waits for the weight budget like any request).
    private void RequestRefresh(BinanceBookSlot slot)
    {
        lock (_queueLock)
        {
            long now = _time.GetTimestamp();
            if (slot.Ended || slot.Wanted != SnapshotPurpose.None
                || (slot.LastRefreshAt is long last && _time.GetElapsedTime(last, now) < _options.BandRefreshSpacing))
            {
                return;
            }

            slot.LastRefreshAt = now;
            slot.Wanted = SnapshotPurpose.Refresh;
            slot.NotBefore = now;
        }

        Wake();
    }

    private void OnTimer()
    {
        long now = _time.GetTimestamp();
        bool wake = false;
        lock (_queueLock)
        {
            foreach (BinanceBookSlot slot in _slots)
            {
                if (slot.Ended || slot.NextAuditAt > now)
                {
                    continue;
                }

                slot.NextAuditAt = Later(now, _options.AuditEvery);
                if (_rest.WeightScarce)
                {
                    Interlocked.Increment(ref _auditsSkipped);
                }
                else if (slot.Wanted == SnapshotPurpose.None && slot.Sync.Phase == SyncPhase.Live)
                {
                    slot.Wanted = SnapshotPurpose.Audit;
                    slot.NotBefore = now;
                    wake = true;
                }
            }
        }

        if (wake)
        {
            Wake();
        }

        if (now >= _nextSummary)
        {
            _nextSummary = Later(now, SummaryEvery);
            LogSummary();
        }
    }

    private void LogSummary() =>
        _log.Information(
            "Binance proof: {Checks} bookTicker cross-checks ({CheckFailures} failed), {Comparisons} snapshot comparisons ({ComparisonFailures} differed), {Breaks} sequence breaks, {Snapshots} snapshots ({Refreshes} band refreshes, {Refetches} refetched, {Skipped} audits skipped), weight {Weight}",
            CrossChecks,
            CrossCheckFailures,
            Comparisons,
            ComparisonFailures,
            SequenceBreaks,
            Snapshots,
            BandRefreshes,
            Refetches,
            AuditsSkipped,
            UsedWeight);

    private void Wake() => Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private long Later(long timestamp, TimeSpan delay) => timestamp + (long)(delay.TotalSeconds * _time.TimestampFrequency);

    /// <summary>Symbols per connection: at most the stream limit and the URL length (two streams per symbol).</summary>
    private static List<List<int>> Group(BinanceFeedOptions options)
    {
        int prefix = StreamUri(options, []).OriginalString.Length;
        List<List<int>> groups = [];
        List<int> current = [];
        int length = prefix;
        for (int i = 0; i < options.Symbols.Count; i++)
        {
            int add = BinanceMarket.DepthStream(options.Symbols[i]).Length + BinanceMarket.BookTickerStream(options.Symbols[i]).Length + 2;
            if (current.Count > 0 && ((current.Count + 1) * 2 > options.MaxStreamsPerConnection || length + add > options.MaxUrlLength))
            {
                groups.Add(current);
                current = [];
                length = prefix;
            }

            current.Add(i);
            length += add;
        }

        if (current.Count > 0)
        {
            groups.Add(current);
        }

        return groups;
    }

    private static Uri StreamUri(BinanceFeedOptions options, List<int> symbols)
    {
        string root = options.WebSocketEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        IEnumerable<string> streams = symbols.SelectMany(i => new[] { BinanceMarket.DepthStream(options.Symbols[i]), BinanceMarket.BookTickerStream(options.Symbols[i]) });
        return new Uri($"{root}{options.Market.StreamPath}?streams={string.Join('/', streams)}");
    }
}
