using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using L2Rec.Books;
using L2Rec.Feeds.Kraken;
using L2Rec.Time;
using Serilog;

namespace L2Rec.Simulation.Kraken;

/// <summary>
/// One client of the simulated Kraken, speaking Kraken v2: the status frame, subscribe/unsubscribe acks and errors, the
/// instrument channel, ping/pong, a book snapshot then updates that are the exact difference between the client's
/// previous and new top-depth window (deletes, then the levels that replace them from beyond), heartbeats when quiet,
/// and the configured faults. Only the send loop writes to the socket.
/// </summary>
internal sealed class KrakenConnection(WebSocket socket, CoalescingStream output, SimulatorOptions options, InstrumentListing listing, TimeProvider time, ILogger log, Random random, int id)
{
    private static readonly int[] Depths = [10, 25, 100, 500, 1000];
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly ConcurrentQueue<KrakenRequest> _requests = new();
    private readonly Dictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MarketModel> _markets = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _buffer = new(8192);
    private Utf8JsonWriter? _writer;
    private Subscription[]? _roster;
    private readonly List<PriceLevel> _changedBids = [];
    private readonly List<PriceLevel> _changedAsks = [];
    private long _lastSend;
    private long _bookMessages;
    private int _roundRobin;
    private bool _replaying;
    private bool _delistingTold;

    public async Task RunAsync(CancellationToken stop)
    {
        using CancellationTokenSource connection = CancellationTokenSource.CreateLinkedTokenSource(stop);
        Task receive = ReceiveLoopAsync(connection.Token);
        try
        {
            await SendLoopAsync(connection.Token).ConfigureAwait(false);
        }
        finally
        {
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
        while (!token.IsCancellationRequested)
        {
            int length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(length), token).ConfigureAwait(false);
                length += result.Count;
            }
            while (!result.EndOfMessage && length < buffer.Length);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            KrakenRequest? request = KrakenRequest.TryParse(buffer.AsSpan(0, length));
            _requests.Enqueue(request ?? new KrakenRequest(null, null, [], null, null));
        }
    }

    private async Task SendLoopAsync(CancellationToken token)
    {
        long opened = time.GetTimestamp();
        long lastDisconnect = opened;
        long lastError = opened;
        long lastGarbage = opened;
        long lastBadChecksum = opened;
        long lastDrop = opened;
        double budget = 0;
        long lastTick = opened;
        MarketPace pace = new(random, options.Bursty);
        List<string>? replay = options.ReplayFile is { } file ? [.. File.ReadLines(file).Where(l => l.Length > 0)] : null;
        int replayIndex = 0;

        await SendStatusAsync(token).ConfigureAwait(false);
        while (!token.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            // Whatever the last pass wrote leaves now, in one write.
            await output.PushAsync(token).ConfigureAwait(false);
            TimeSpan age = time.GetElapsedTime(opened);
            bool stalled = options.StallAfter is FaultSchedule stall &&
                           ((stall.Every is TimeSpan after && age >= after) || (stall.Messages is long count && _bookMessages >= count));
            if (stalled)
            {
                // Silent but open: the client must notice on its own.
                _requests.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, token).ConfigureAwait(false);
                continue;
            }

            while (_requests.TryDequeue(out KrakenRequest? request))
            {
                await HandleRequestAsync(request, token).ConfigureAwait(false);
            }

            if (!_delistingTold && listing.DueDelisting is { } delisted)
            {
                _delistingTold = true;
                if (_subscriptions.Remove(delisted))
                {
                    _roster = null;
                }

                await SendInstrumentUpdateAsync(delisted, "delisted", token).ConfigureAwait(false);
            }

            if (options.DisconnectEvery is FaultSchedule disconnect && disconnect.Every is not null && disconnect.IsDue(0, time.GetElapsedTime(lastDisconnect)))
            {
                log.Debug("Simulator {Id}: injected disconnect", id);
                await output.PushAsync(token).ConfigureAwait(false);
                socket.Abort();
                return;
            }

            if (options.ErrorFrameEvery is FaultSchedule error && error.Every is not null && error.IsDue(0, time.GetElapsedTime(lastError)))
            {
                lastError = time.GetTimestamp();
                await SendErrorFrameAsync(token).ConfigureAwait(false);
            }

            if (options.GarbageFrameEvery is FaultSchedule garbage && garbage.Every is not null && garbage.IsDue(0, time.GetElapsedTime(lastGarbage)))
            {
                lastGarbage = time.GetTimestamp();
                await SendRawAsync("\u0001not json {{"u8.ToArray(), token).ConfigureAwait(false);
            }

            long now = time.GetTimestamp();
            double elapsed = time.GetElapsedTime(lastTick, now).TotalSeconds;
            lastTick = now;
            int due;
            int streams = replay is null ? _subscriptions.Count : (_replaying && replayIndex < replay.Count ? 1 : 0);
            if (streams == 0)
            {
                due = 0;
            }
            else if (options.Rate <= 0)
            {
                due = 64;
            }
            else
            {
                budget = Math.Min(budget + (elapsed * options.Rate * streams * pace.Factor(time)), options.Rate * streams);
                due = (int)budget;
                budget -= due;
            }

            for (int i = 0; i < due; i++)
            {
                if (replay is not null)
                {
                    if (replayIndex >= replay.Count)
                    {
                        break;
                    }

                    await SendRawAsync(System.Text.Encoding.UTF8.GetBytes(replay[replayIndex++]), token).ConfigureAwait(false);
                    continue;
                }

                bool corrupt = false;
                if (options.BadChecksumEvery is FaultSchedule bad)
                {
                    corrupt = bad.Messages is long every ? every > 0 && (_bookMessages + 1) % every == 0 : bad.IsDue(0, time.GetElapsedTime(lastBadChecksum));
                    if (corrupt)
                    {
                        lastBadChecksum = time.GetTimestamp();
                    }
                }

                bool drop = false;
                if (options.DropEvery is FaultSchedule lose)
                {
                    drop = lose.Messages is long every ? every > 0 && (_bookMessages + 1) % every == 0 : lose.IsDue(0, time.GetElapsedTime(lastDrop));
                    if (drop)
                    {
                        lastDrop = time.GetTimestamp();
                    }
                }

                await SendNextUpdateAsync(corrupt, drop, token).ConfigureAwait(false);
                _bookMessages++;
                if (CountFault(options.DisconnectEvery))
                {
                    log.Debug("Simulator {Id}: injected disconnect after {Messages} messages", id, _bookMessages);
                    await output.PushAsync(token).ConfigureAwait(false);
                    socket.Abort();
                    return;
                }

                if (CountFault(options.ErrorFrameEvery))
                {
                    await SendErrorFrameAsync(token).ConfigureAwait(false);
                }

                if (CountFault(options.GarbageFrameEvery))
                {
                    await SendRawAsync("\u0001not json {{"u8.ToArray(), token).ConfigureAwait(false);
                }
            }

            if (time.GetElapsedTime(_lastSend) >= TimeSpan.FromSeconds(1))
            {
                await SendRawAsync("""{"channel":"heartbeat"}"""u8.ToArray(), token).ConfigureAwait(false);
            }

            if (options.Rate > 0 || streams == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), time, token).ConfigureAwait(false);
            }
        }
    }

    private bool CountFault(FaultSchedule? schedule) =>
        schedule is FaultSchedule s && s.Messages is long every && every > 0 && _bookMessages % every == 0;

    private async Task HandleRequestAsync(KrakenRequest request, CancellationToken token)
    {
        DateTimeOffset timeIn = time.GetUtcNow();
        switch (request.Method)
        {
            case "ping":
                await SendAsync(w =>
                {
                    w.WriteString("method"u8, "pong"u8);
                    WriteRequestId(w, request);
                    WriteTimes(w, timeIn);
                }, token).ConfigureAwait(false);
                return;
            case "subscribe" when request.Channel == "instrument":
                await SendAsync(w =>
                {
                    w.WriteString("method"u8, "subscribe"u8);
                    w.WriteStartObject("result"u8);
                    w.WriteString("channel"u8, "instrument"u8);
                    w.WriteBoolean("snapshot"u8, true);
                    w.WriteEndObject();
                    w.WriteBoolean("success"u8, true);
                    WriteTimes(w, timeIn);
                    WriteRequestId(w, request);
                }, token).ConfigureAwait(false);
                await SendInstrumentSnapshotAsync(token).ConfigureAwait(false);
                return;
            case "subscribe" when request.Channel == "book":
                await SubscribeBookAsync(request, timeIn, token).ConfigureAwait(false);
                return;
            case "unsubscribe" when request.Channel == "book":
                foreach (string symbol in request.Symbols)
                {
                    bool removed = _subscriptions.Remove(symbol);
                    _roster = null;
                    await SendAsync(w =>
                    {
                        w.WriteString("method"u8, "unsubscribe"u8);
                        if (removed)
                        {
                            w.WriteStartObject("result"u8);
                            w.WriteString("channel"u8, "book"u8);
                            w.WriteNumber("depth"u8, request.Depth ?? 10);
                            w.WriteString("symbol"u8, symbol);
                            w.WriteEndObject();
                        }
                        else
                        {
                            w.WriteString("error"u8, "Subscription Not Found"u8);
                            w.WriteString("symbol"u8, symbol);
                        }

                        w.WriteBoolean("success"u8, removed);
                        WriteTimes(w, timeIn);
                        WriteRequestId(w, request);
                    }, token).ConfigureAwait(false);
                }

                return;
            default:
                await SendAsync(w =>
                {
                    w.WriteString("error"u8, "Malformed request"u8);
                    if (request.Method is not null)
                    {
                        w.WriteString("method"u8, request.Method);
                    }

                    w.WriteBoolean("success"u8, false);
                    WriteTimes(w, timeIn);
                    WriteRequestId(w, request);
                }, token).ConfigureAwait(false);
                return;
        }
    }

    private async Task SubscribeBookAsync(KrakenRequest request, DateTimeOffset timeIn, CancellationToken token)
    {
        int depth = request.Depth ?? 10;
        if (!Depths.Contains(depth))
        {
            await SendErrorAsync(request, timeIn, "Subscription depth not supported", null, token).ConfigureAwait(false);
            return;
        }

        foreach (string symbol in request.Symbols)
        {
            if (!listing.IsListed(symbol))
            {
                await SendErrorAsync(request, timeIn, $"Currency pair not supported {symbol}", symbol, token).ConfigureAwait(false);
                continue;
            }

            if (_subscriptions.ContainsKey(symbol))
            {
                await SendErrorAsync(request, timeIn, "Already subscribed", symbol, token).ConfigureAwait(false);
                continue;
            }

            await SendAsync(w =>
            {
                w.WriteString("method"u8, "subscribe"u8);
                w.WriteStartObject("result"u8);
                w.WriteString("channel"u8, "book"u8);
                w.WriteNumber("depth"u8, depth);
                w.WriteBoolean("snapshot"u8, true);
                w.WriteString("symbol"u8, symbol);
                w.WriteEndObject();
                w.WriteBoolean("success"u8, true);
                WriteTimes(w, timeIn);
                WriteRequestId(w, request);
            }, token).ConfigureAwait(false);

            if (options.ReplayFile is not null)
            {
                _replaying = true;
                continue;
            }

            if (!_markets.TryGetValue(symbol, out MarketModel? market))
            {
                (int price, int qty, decimal start) = InstrumentCatalog.For(symbol);
                market = new MarketModel(price, qty, start, Math.Max(depth, 25), random);
                _markets[symbol] = market;
            }

            Subscription subscription = new(symbol, depth, market);
            _subscriptions[symbol] = subscription;
            _roster = null;
            subscription.TakeView();
            await SendBookAsync(subscription, snapshot: true, corrupt: false, token).ConfigureAwait(false);
        }
    }

    /// <summary>Steps the market until the client's window changes, then sends exactly that change (unless it is lost).</summary>
    private async Task SendNextUpdateAsync(bool corrupt, bool drop, CancellationToken token)
    {
        Subscription[] subscriptions = _roster ??= [.. _subscriptions.Values];
        Subscription subscription = subscriptions[_roundRobin++ % subscriptions.Length];
        for (int attempt = 0; attempt < 50; attempt++)
        {
            subscription.Market.Step();
            if (subscription.Diff(_changedBids, _changedAsks))
            {
                break;
            }
        }

        if (drop)
        {
            // Lost on the way: the client's book misses this change and the next checksum shows it.
            return;
        }

        await SendBookAsync(subscription, snapshot: false, corrupt, token).ConfigureAwait(false);
    }

    private Task SendBookAsync(Subscription subscription, bool snapshot, bool corrupt, CancellationToken token)
    {
        uint checksum = subscription.Checksum.Compute(subscription.AskLevels(), subscription.BidLevels());
        if (corrupt)
        {
            checksum ^= 0x5A5A5A5A;
        }

        Utf8JsonWriter w = BeginFrame();
        w.WriteString("channel"u8, "book"u8);
        w.WriteString("type"u8, snapshot ? "snapshot"u8 : "update"u8);
        w.WriteStartArray("data"u8);
        w.WriteStartObject();
        w.WriteString("symbol"u8, subscription.Symbol);
        WriteLevels(w, "bids"u8, snapshot ? subscription.BidLevels() : CollectionsMarshal.AsSpan(_changedBids));
        WriteLevels(w, "asks"u8, snapshot ? subscription.AskLevels() : CollectionsMarshal.AsSpan(_changedAsks));
        w.WriteNumber("checksum"u8, checksum);
        WriteTime(w, "timestamp"u8, time.GetUtcNow());
        w.WriteEndObject();
        w.WriteEndArray();
        return EndFrameAsync(token);
    }

    private static void WriteLevels(Utf8JsonWriter w, ReadOnlySpan<byte> name, ReadOnlySpan<PriceLevel> levels)
    {
        Span<byte> text = stackalloc byte[FixedDecimal.MaxFormattedLength];
        w.WriteStartArray(name);
        foreach (PriceLevel level in levels)
        {
            w.WriteStartObject();
            w.WritePropertyName("price"u8);
            _ = level.Price.TryFormat(text, out int written);
            w.WriteRawValue(text[..written], skipInputValidation: true);
            w.WritePropertyName("qty"u8);
            _ = level.Qty.TryFormat(text, out written);
            w.WriteRawValue(text[..written], skipInputValidation: true);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private Task SendStatusAsync(CancellationToken token) => SendAsync(w =>
    {
        w.WriteString("channel"u8, "status"u8);
        w.WriteString("type"u8, "update"u8);
        w.WriteStartArray("data"u8);
        w.WriteStartObject();
        w.WriteString("api_version"u8, "v2"u8);
        w.WriteNumber("connection_id"u8, 13834774380200032000UL + (ulong)id);
        w.WriteString("system"u8, "online"u8);
        w.WriteString("version"u8, "2.0.10"u8);
        w.WriteEndObject();
        w.WriteEndArray();
    }, token);

    private Task SendInstrumentSnapshotAsync(CancellationToken token) => SendAsync(w =>
    {
        w.WriteString("channel"u8, "instrument"u8);
        w.WriteString("type"u8, "snapshot"u8);
        w.WriteStartObject("data"u8);
        w.WriteStartArray("assets"u8);
        w.WriteEndArray();
        w.WriteStartArray("pairs"u8);
        foreach (string symbol in options.Symbols)
        {
            if (listing.IsListed(symbol))
            {
                WritePair(w, symbol, "online");
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }, token);

    /// <summary>What Kraken sends when a pair's status changes: an instrument update naming that pair alone.</summary>
    private Task SendInstrumentUpdateAsync(string symbol, string status, CancellationToken token) => SendAsync(w =>
    {
        w.WriteString("channel"u8, "instrument"u8);
        w.WriteString("type"u8, "update"u8);
        w.WriteStartObject("data"u8);
        w.WriteStartArray("assets"u8);
        w.WriteEndArray();
        w.WriteStartArray("pairs"u8);
        WritePair(w, symbol, status);
        w.WriteEndArray();
        w.WriteEndObject();
    }, token);

    private static void WritePair(Utf8JsonWriter w, string symbol, string status)
    {
        (int price, int qty, _) = InstrumentCatalog.For(symbol);
        string[] parts = symbol.Split('/');
        w.WriteStartObject();
        w.WriteString("symbol"u8, symbol);
        w.WriteString("base"u8, parts[0]);
        w.WriteString("quote"u8, parts[^1]);
        w.WriteString("status"u8, status);
        w.WriteNumber("qty_precision"u8, qty);
        w.WritePropertyName("qty_increment"u8);
        w.WriteRawValue($"1E-{qty}", skipInputValidation: true);
        w.WriteNumber("price_precision"u8, price);
        w.WritePropertyName("price_increment"u8);
        w.WriteRawValue($"1E-{price}", skipInputValidation: true);
        w.WriteBoolean("marginable"u8, false);
        w.WriteEndObject();
    }

    private Task SendErrorFrameAsync(CancellationToken token)
    {
        DateTimeOffset now = time.GetUtcNow();
        return SendAsync(w =>
        {
            w.WriteString("error"u8, "EService:Unavailable"u8);
            w.WriteBoolean("success"u8, false);
            WriteTimes(w, now);
        }, token);
    }

    private Task SendErrorAsync(KrakenRequest request, DateTimeOffset timeIn, string error, string? symbol, CancellationToken token) =>
        SendAsync(w =>
        {
            w.WriteString("error"u8, error);
            w.WriteString("method"u8, "subscribe"u8);
            w.WriteBoolean("success"u8, false);
            if (symbol is not null)
            {
                w.WriteString("symbol"u8, symbol);
            }

            WriteTimes(w, timeIn);
            WriteRequestId(w, request);
        }, token);

    private static void WriteRequestId(Utf8JsonWriter w, KrakenRequest request)
    {
        if (request.RequestId is long requestId)
        {
            w.WriteNumber("req_id"u8, requestId);
        }
    }

    private void WriteTimes(Utf8JsonWriter w, DateTimeOffset timeIn)
    {
        WriteTime(w, "time_in"u8, timeIn);
        WriteTime(w, "time_out"u8, time.GetUtcNow());
    }

    private static void WriteTime(Utf8JsonWriter w, ReadOnlySpan<byte> name, DateTimeOffset value)
    {
        Span<byte> text = stackalloc byte[IsoTime.Length];
        int written = IsoTime.Format(value, text);
        w.WriteString(name, text[..written]);
    }

    private Task SendAsync(Action<Utf8JsonWriter> body, CancellationToken token)
    {
        body(BeginFrame());
        return EndFrameAsync(token);
    }

    // One writer for the connection's life, reset per frame: book frames are the simulator's hot path.
    private Utf8JsonWriter BeginFrame()
    {
        _buffer.ResetWrittenCount();
        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(_buffer, WriterOptions);
        }
        else
        {
            _writer.Reset(_buffer);
        }

        _writer.WriteStartObject();
        return _writer;
    }

    private async Task EndFrameAsync(CancellationToken token)
    {
        _writer!.WriteEndObject();
        _writer.Flush();
        await socket.SendAsync(_buffer.WrittenMemory, WebSocketMessageType.Text, true, token).ConfigureAwait(false);
        _lastSend = time.GetTimestamp();
    }

    private async Task SendRawAsync(byte[] frame, CancellationToken token)
    {
        await socket.SendAsync(frame, WebSocketMessageType.Text, true, token).ConfigureAwait(false);
        _lastSend = time.GetTimestamp();
    }

    /// <summary>
    /// What one client sees of one market: its window of <c>depth</c> levels per side. Two windows per side are kept
    /// and swapped, so a step costs no allocation.
    /// </summary>
    private sealed class Subscription(string symbol, int depth, MarketModel market)
    {
        private readonly Window _bids = new(depth, bid: true);
        private readonly Window _asks = new(depth, bid: false);

        public string Symbol { get; } = symbol;

        public MarketModel Market { get; } = market;

        public KrakenChecksumCache Checksum { get; } = new();

        public ReadOnlySpan<PriceLevel> BidLevels() => _bids.Current;

        public ReadOnlySpan<PriceLevel> AskLevels() => _asks.Current;

        public void TakeView()
        {
            _bids.Take(Market.Bids, Market.PricePrecision, Market.QtyPrecision);
            _asks.Take(Market.Asks, Market.PricePrecision, Market.QtyPrecision);
        }

        /// <summary>Takes the new window and lists what changed; false when the window did not change.</summary>
        public bool Diff(List<PriceLevel> bids, List<PriceLevel> asks)
        {
            _bids.Take(Market.Bids, Market.PricePrecision, Market.QtyPrecision);
            _asks.Take(Market.Asks, Market.PricePrecision, Market.QtyPrecision);
            _bids.Changes(bids);
            _asks.Changes(asks);
            return bids.Count + asks.Count > 0;
        }
    }

    /// <summary>The current and previous window of one side, both in the side's order (bids falling, asks rising).</summary>
    private sealed class Window(int depth, bool bid)
    {
        private PriceLevel[] _current = new PriceLevel[depth];
        private PriceLevel[] _previous = new PriceLevel[depth];
        private int _currentCount;
        private int _previousCount;

        public ReadOnlySpan<PriceLevel> Current => _current.AsSpan(0, _currentCount);

        public void Take(IReadOnlyList<(long Price, long Qty)> side, int pricePrecision, int qtyPrecision)
        {
            (_previous, _current) = (_current, _previous);
            _previousCount = _currentCount;
            _currentCount = Math.Min(depth, side.Count);
            for (int i = 0; i < _currentCount; i++)
            {
                _current[i] = new PriceLevel(new FixedDecimal(side[i].Price, pricePrecision), new FixedDecimal(side[i].Qty, qtyPrecision));
            }
        }

        /// <summary>
        /// Kraken's order for an update: the levels that left the window (as deletes), then those that entered or
        /// changed. Both windows are sorted the same way, so one merge walk finds both.
        /// </summary>
        public void Changes(List<PriceLevel> changes)
        {
            changes.Clear();
            int entered = 0;
            Span<int> enteredAt = _currentCount <= 128 ? stackalloc int[_currentCount] : new int[_currentCount];
            int o = 0;
            int n = 0;
            while (o < _previousCount || n < _currentCount)
            {
                int order = o == _previousCount ? 1 : n == _currentCount ? -1 : Order(_previous[o].Price.Units, _current[n].Price.Units);
                if (order < 0)
                {
                    PriceLevel gone = _previous[o++];
                    changes.Add(new PriceLevel(gone.Price, new FixedDecimal(0, gone.Qty.Scale)));
                }
                else if (order > 0)
                {
                    enteredAt[entered++] = n++;
                }
                else
                {
                    if (_previous[o].Qty != _current[n].Qty)
                    {
                        enteredAt[entered++] = n;
                    }

                    o++;
                    n++;
                }
            }

            foreach (int index in enteredAt[..entered])
            {
                changes.Add(_current[index]);
            }
        }

        // Negative when the old price comes first in the side's order.
        private int Order(long oldPrice, long newPrice) => bid ? newPrice.CompareTo(oldPrice) : oldPrice.CompareTo(newPrice);
    }
}
