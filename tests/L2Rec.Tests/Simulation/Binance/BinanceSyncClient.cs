using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace L2Rec.Tests.Simulation.Binance;

/// <summary>
/// A plain Binance client that owes nothing to l2rec's feed code (ClientWebSocket, HttpClient, JsonDocument, a decimal
/// SortedDictionary book). It follows research/binance.md's sync procedure to the letter (see <see cref="SyncedBook"/>)
/// and counts everything it notices, for the tests to judge.
/// </summary>
internal sealed class BinanceSyncClient(Uri webSocket, Uri rest, bool futures, IReadOnlyList<string> symbols, int snapshotLimit) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = rest, Timeout = TimeSpan.FromSeconds(10) };
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[1 << 18];

    public Dictionary<string, SymbolState> States { get; } = [];

    /// <summary>Numbers without the wire's decimals (spot 8; USD-M the symbol's pricePrecision / quantityPrecision).</summary>
    public int FormatErrors { get; private set; }

    public List<string> Problems { get; } = [];

    public int Messages { get; private set; }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    private string RestPrefix => futures ? "/fapi/v1" : "/api/v3";

    public async Task ConnectAsync(CancellationToken token)
    {
        // Precisions as exchangeInfo gives them, to check the wire's number text.
        using JsonDocument info = JsonDocument.Parse(await _http.GetStringAsync($"{RestPrefix}/exchangeInfo", token));
        foreach (JsonElement listed in info.RootElement.GetProperty("symbols").EnumerateArray())
        {
            string symbol = listed.GetProperty("symbol").GetString()!;
            if (symbols.Contains(symbol))
            {
                States[symbol] = new SymbolState(
                    futures ? listed.GetProperty("pricePrecision").GetInt32() : 8,
                    futures ? listed.GetProperty("quantityPrecision").GetInt32() : 8,
                    new SyncedBook(futures, snapshotLimit, limit => FetchAsync(symbol, limit)));
            }
        }

        string streams = string.Join('/', symbols.SelectMany(s => new[] { $"{s.ToLowerInvariant()}@depth@100ms", $"{s.ToLowerInvariant()}@bookTicker" }));
        await _socket.ConnectAsync(new Uri($"{webSocket.ToString().TrimEnd('/')}{(futures ? "/public/stream" : "/stream")}?streams={streams}"), token);
    }

    /// <summary>A second, independent sync of one symbol from its own (smaller) snapshot, compared with the first.</summary>
    public void StartVerifier(string symbol, int limit) =>
        States[symbol].Verifier = new SyncedBook(futures, limit, l => FetchAsync(symbol, l));

    /// <summary>Reads and applies messages until <paramref name="duration"/> has passed or the server closes.</summary>
    public async Task RunAsync(TimeSpan duration, CancellationToken token, Action<BinanceSyncClient>? afterEach = null)
    {
        using CancellationTokenSource timer = CancellationTokenSource.CreateLinkedTokenSource(token);
        timer.CancelAfter(duration);
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                (WebSocketMessageType type, int length) = await ReceiveAsync(timer.Token);
                if (type == WebSocketMessageType.Close)
                {
                    return;
                }

                Messages++;
                Handle(_buffer.AsSpan(0, length));
                afterEach?.Invoke(this);
            }
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            // Time is up.
        }
    }

    private void Handle(ReadOnlySpan<byte> message)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.ToArray());
        }
        catch (JsonException)
        {
            Problems.Add($"not JSON: {Encoding.UTF8.GetString(message)}");
            return;
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (!root.TryGetProperty("stream", out JsonElement streamName))
            {
                Problems.Add($"not a stream message: {Encoding.UTF8.GetString(message)}");
                return;
            }

            string stream = streamName.GetString()!;
            JsonElement data = root.GetProperty("data");
            SymbolState state = States[data.GetProperty("s").GetString()!];
            if (stream.EndsWith("@bookTicker", StringComparison.Ordinal))
            {
                state.OnTicker(new Ticker(
                    data.GetProperty("u").GetInt64(),
                    Number(state, data.GetProperty("b"), price: true),
                    Number(state, data.GetProperty("B"), price: false),
                    Number(state, data.GetProperty("a"), price: true),
                    Number(state, data.GetProperty("A"), price: false)));
                return;
            }

            if (data.GetProperty("e").GetString() != "depthUpdate" || data.GetProperty("E").GetInt64() <= 0)
            {
                Problems.Add("a depth event without e or E");
            }

            if (futures && data.GetProperty("T").GetInt64() > data.GetProperty("E").GetInt64())
            {
                Problems.Add("engine time T after event time E");
            }

            if (!Ordered(data.GetProperty("b"), descending: !futures) || !Ordered(data.GetProperty("a"), descending: false))
            {
                Problems.Add(futures ? "USD-M lists both sides by rising price" : "spot lists bids falling and asks rising");
            }

            state.OnDepth(new DepthEvent(
                data.GetProperty("U").GetInt64(),
                data.GetProperty("u").GetInt64(),
                futures ? data.GetProperty("pu").GetInt64() : null,
                Levels(state, data.GetProperty("b")),
                Levels(state, data.GetProperty("a"))));
        }
    }

    private static bool Ordered(JsonElement levels, bool descending)
    {
        decimal[] prices = [.. levels.EnumerateArray().Select(l => decimal.Parse(l[0].GetString()!, CultureInfo.InvariantCulture))];
        return prices.Zip(prices.Skip(1)).All(p => descending ? p.First > p.Second : p.First < p.Second);
    }

    private async Task<Snapshot> FetchAsync(string symbol, int limit)
    {
        string body = await _http.GetStringAsync($"{RestPrefix}/depth?symbol={symbol}&limit={limit}");
        using JsonDocument document = JsonDocument.Parse(body);
        JsonElement root = document.RootElement;
        SymbolState state = States[symbol];
        return new Snapshot(root.GetProperty("lastUpdateId").GetInt64(), Levels(state, root.GetProperty("bids")), Levels(state, root.GetProperty("asks")));
    }

    private List<(decimal Price, decimal Qty)> Levels(SymbolState state, JsonElement levels)
    {
        List<(decimal, decimal)> list = [];
        foreach (JsonElement level in levels.EnumerateArray())
        {
            list.Add((Number(state, level[0], price: true), Number(state, level[1], price: false)));
        }

        return list;
    }

    private decimal Number(SymbolState state, JsonElement value, bool price)
    {
        string text = value.GetString()!;
        int point = text.IndexOf('.', StringComparison.Ordinal);
        int decimals = point < 0 ? 0 : text.Length - point - 1;
        if (decimals != (price ? state.PriceDecimals : state.QtyDecimals))
        {
            FormatErrors++;
        }

        return decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    private async Task<(WebSocketMessageType, int)> ReceiveAsync(CancellationToken token)
    {
        int length = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(new ArraySegment<byte>(_buffer, length, _buffer.Length - length), token);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return (result.MessageType, length);
    }

    public void Dispose()
    {
        _socket.Dispose();
        _http.Dispose();
    }
}

internal sealed record DepthEvent(long FirstId, long LastId, long? PreviousLast, List<(decimal Price, decimal Qty)> Bids, List<(decimal Price, decimal Qty)> Asks);

internal sealed record Snapshot(long LastUpdateId, List<(decimal Price, decimal Qty)> Bids, List<(decimal Price, decimal Qty)> Asks);

internal sealed record Ticker(long Id, decimal BidPrice, decimal BidQty, decimal AskPrice, decimal AskQty);

/// <summary>One symbol: the primary book, an optional verifier book, and the book-ticker cross-check.</summary>
internal sealed class SymbolState(int priceDecimals, int qtyDecimals, SyncedBook primary)
{
    private readonly Dictionary<long, Ticker> _tickers = [];

    public int PriceDecimals { get; } = priceDecimals;

    public int QtyDecimals { get; } = qtyDecimals;

    public SyncedBook Primary { get; } = primary;

    public SyncedBook? Verifier { get; set; }

    /// <summary>Book tickers whose <c>u</c> was the primary book's id, compared with its top.</summary>
    public int TickerChecks { get; private set; }

    public List<string> TickerMismatches { get; } = [];

    /// <summary>Events after which the verifier and the primary book were compared inside both snapshots' bands.</summary>
    public int BandChecks { get; private set; }

    public List<string> BandMismatches { get; } = [];

    public void OnDepth(DepthEvent e)
    {
        Primary.Poll();
        Verifier?.Poll();
        bool applied = Primary.OnEvent(e);
        Verifier?.OnEvent(e);
        if (applied && _tickers.Remove(Primary.Id, out Ticker? ticker))
        {
            CheckTicker(ticker);
        }

        if (Primary.Synced)
        {
            foreach (long old in _tickers.Keys.Where(id => id < Primary.Id).ToList())
            {
                _tickers.Remove(old);
            }
        }

        if (Verifier is { Synced: true } verifier && Primary.Synced && verifier.Id == Primary.Id)
        {
            CompareBands(verifier);
        }
    }

    public void OnTicker(Ticker ticker)
    {
        Primary.Poll();
        if (Primary.Synced && ticker.Id == Primary.Id)
        {
            CheckTicker(ticker);
        }
        else if (!Primary.Synced || ticker.Id > Primary.Id)
        {
            _tickers[ticker.Id] = ticker;
        }
    }

    private void CheckTicker(Ticker ticker)
    {
        TickerChecks++;
        KeyValuePair<decimal, decimal> bid = Primary.Bids.First();
        KeyValuePair<decimal, decimal> ask = Primary.Asks.First();
        if (bid.Key != ticker.BidPrice || bid.Value != ticker.BidQty || ask.Key != ticker.AskPrice || ask.Value != ticker.AskQty)
        {
            TickerMismatches.Add($"u={ticker.Id}: ticker {ticker.BidQty}@{ticker.BidPrice} / {ticker.AskQty}@{ticker.AskPrice}, book {bid.Value}@{bid.Key} / {ask.Value}@{ask.Key}");
        }
    }

    private void CompareBands(SyncedBook verifier)
    {
        BandChecks++;
        decimal lowBid = Math.Max(Primary.LowestSnapshotBid, verifier.LowestSnapshotBid);
        decimal highAsk = Math.Min(Primary.HighestSnapshotAsk, verifier.HighestSnapshotAsk);
        Compare("bids", Primary.Bids.Where(l => l.Key >= lowBid), verifier.Bids.Where(l => l.Key >= lowBid));
        Compare("asks", Primary.Asks.Where(l => l.Key <= highAsk), verifier.Asks.Where(l => l.Key <= highAsk));

        void Compare(string side, IEnumerable<KeyValuePair<decimal, decimal>> first, IEnumerable<KeyValuePair<decimal, decimal>> second)
        {
            List<KeyValuePair<decimal, decimal>> a = [.. first];
            List<KeyValuePair<decimal, decimal>> b = [.. second];
            if (!a.SequenceEqual(b))
            {
                BandMismatches.Add($"id {Primary.Id} {side}: {a.Count} levels from the first snapshot, {b.Count} from the second, first difference at {a.Zip(b).FirstOrDefault(p => p.First.Key != p.Second.Key || p.First.Value != p.Second.Value)}");
            }
        }
    }
}

/// <summary>
/// One book synced by research/binance.md: buffer the events; fetch a snapshot (id L) once the first is buffered; a
/// snapshot too old for the buffer (spot L+1 &lt; first U; USD-M L &lt; first U) is fetched again; discard events it
/// covers (spot u &lt;= L; USD-M u &lt; L); the first applied must straddle it (spot U &lt;= L+1 &lt;= u; USD-M
/// U &lt;= L &lt;= u or pu == L), else start over; then every event must continue the last (spot U == id+1; USD-M
/// pu == id). A gap starts over with a new snapshot, keeping the socket.
/// </summary>
internal sealed class SyncedBook(bool futures, int limit, Func<int, Task<Snapshot>> fetch)
{
    private readonly List<DepthEvent> _buffer = [];
    private Task<Snapshot>? _pending;
    private long _loaded = -1;

    public SortedDictionary<decimal, decimal> Bids { get; } = new(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));

    public SortedDictionary<decimal, decimal> Asks { get; } = [];

    public long Id { get; private set; }

    public bool Synced { get; private set; }

    public decimal LowestSnapshotBid { get; private set; }

    public decimal HighestSnapshotAsk { get; private set; }

    public int Snapshots { get; private set; }

    public int TooOld { get; private set; }

    public int JoinFailures { get; private set; }

    public int Joins { get; private set; }

    /// <summary>Sequence breaks seen while synced (spot U &gt; id+1; USD-M pu != id).</summary>
    public int Breaks { get; private set; }

    /// <summary>Spot events that overlap the last one applied (U &lt;= id): never in a healthy stream.</summary>
    public int Overlaps { get; private set; }

    /// <summary>USD-M events that start more than one past the last (normal there: ids are not contiguous).</summary>
    public int IdJumps { get; private set; }

    public int Applied { get; private set; }

    public int Crossed { get; private set; }

    public override string ToString() =>
        $"id {Id}, synced {Synced}, snapshots {Snapshots}, too old {TooOld}, join failures {JoinFailures}, joins {Joins}, breaks {Breaks}, overlaps {Overlaps}, jumps {IdJumps}, applied {Applied}, crossed {Crossed}";

    /// <summary>Takes the snapshot if it has arrived.</summary>
    public void Poll()
    {
        if (Synced || _loaded >= 0 || _pending is not { IsCompleted: true } task)
        {
            return;
        }

        _pending = null;
        Snapshot snapshot = task.GetAwaiter().GetResult();
        Snapshots++;
        long last = snapshot.LastUpdateId;
        long firstU = _buffer[0].FirstId;
        if (futures ? last < firstU : last + 1 < firstU)
        {
            TooOld++;
            _pending = fetch(limit);
            return;
        }

        _buffer.RemoveAll(e => futures ? e.LastId < last : e.LastId <= last);
        Bids.Clear();
        Asks.Clear();
        foreach ((decimal price, decimal qty) in snapshot.Bids)
        {
            Bids[price] = qty;
        }

        foreach ((decimal price, decimal qty) in snapshot.Asks)
        {
            Asks[price] = qty;
        }

        LowestSnapshotBid = snapshot.Bids.Count > 0 ? snapshot.Bids[^1].Price : decimal.MaxValue;
        HighestSnapshotAsk = snapshot.Asks.Count > 0 ? snapshot.Asks[^1].Price : decimal.MinValue;
        Id = last;
        _loaded = last;
        List<DepthEvent> waiting = [.. _buffer];
        _buffer.Clear();
        foreach (DepthEvent e in waiting)
        {
            OnEvent(e);
        }
    }

    /// <summary>Buffers or applies one event; true when it was applied.</summary>
    public bool OnEvent(DepthEvent e)
    {
        if (Synced)
        {
            return Continue(e);
        }

        if (_loaded < 0)
        {
            _buffer.Add(e);
            if (_pending is null)
            {
                _pending = fetch(limit);
            }

            return false;
        }

        long last = _loaded;
        if (futures ? e.LastId < last : e.LastId <= last)
        {
            // Older than the snapshot (still in flight when it was taken): covered by it.
            return false;
        }

        bool straddles = futures ? (e.FirstId <= last && last <= e.LastId) || e.PreviousLast == last : e.FirstId <= last + 1 && last + 1 <= e.LastId;
        if (!straddles)
        {
            JoinFailures++;
            Restart(e);
            return false;
        }

        Joins++;
        Synced = true;
        Apply(e);
        return true;
    }

    private bool Continue(DepthEvent e)
    {
        if (futures)
        {
            if (e.PreviousLast != Id)
            {
                Breaks++;
                Restart(e);
                return false;
            }

            if (e.FirstId > Id + 1)
            {
                IdJumps++;
            }
        }
        else
        {
            if (e.LastId < Id)
            {
                return false;
            }

            if (e.FirstId > Id + 1)
            {
                Breaks++;
                Restart(e);
                return false;
            }

            if (e.FirstId != Id + 1)
            {
                Overlaps++;
            }
        }

        Apply(e);
        return true;
    }

    private void Restart(DepthEvent e)
    {
        Synced = false;
        _loaded = -1;
        _buffer.Clear();
        _buffer.Add(e);
        _pending ??= fetch(limit);
    }

    private void Apply(DepthEvent e)
    {
        Set(Bids, e.Bids);
        Set(Asks, e.Asks);
        Id = e.LastId;
        Applied++;
        if (Bids.Count > 0 && Asks.Count > 0 && Bids.First().Key >= Asks.First().Key)
        {
            Crossed++;
        }

        static void Set(SortedDictionary<decimal, decimal> side, List<(decimal Price, decimal Qty)> levels)
        {
            foreach ((decimal price, decimal qty) in levels)
            {
                if (qty == 0)
                {
                    // A delete for a price never held is normal.
                    side.Remove(price);
                }
                else
                {
                    side[price] = qty;
                }
            }
        }
    }
}
