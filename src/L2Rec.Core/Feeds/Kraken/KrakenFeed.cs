using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using L2Rec.Feeds.Healing;
using Serilog;

namespace L2Rec.Feeds.Kraken;

/// <summary>
/// Kraken WebSocket v2 <c>book</c> feed: one connection for all symbols, a local book per symbol verified against
/// every checksum, and self-healing. A checksum mismatch drops and resubscribes that book alone; a disconnect, an
/// error or unparseable frame, or a silent connection drops every book and reconnects, both with backoff.
/// </summary>
public sealed class KrakenFeed : IBookFeed, IFeedProtocol
{
    private const int InstrumentRequestId = 1;

    private static readonly byte[] InstrumentSubscribe = """{"method":"subscribe","params":{"channel":"instrument","snapshot":true},"req_id":1}"""u8.ToArray();

    private readonly KrakenFeedOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Random _random;
    private readonly LiveBook[] _books;
    private readonly bool[] _precisionFromInstrument;
    private readonly KrakenChecksumCache[] _checksums;
    private readonly bool[] _everSubscribed;
    private readonly bool[] _ended;
    private readonly ReconnectBackoff[] _bookBackoffs;
    private readonly FeedConnectionRunner _runner;
    private readonly KrakenFrameParser _parser;
    private readonly KrakenFrame _frame = new();
    private readonly FrameClock _frameClock = new();
    private IBookSink? _sink;

    public KrakenFeed(KrakenFeedOptions options, TimeProvider timeProvider, ILogger logger, Random? random = null)
    {
        _options = options;
        _time = timeProvider;
        _log = logger.ForContext<KrakenFeed>();
        _random = random ?? Random.Shared;
        _books = [.. options.Symbols.Select(s => new LiveBook(s, options.Depth, timeProvider, _frameClock))];
        _precisionFromInstrument = new bool[_books.Length];
        _checksums = [.. _books.Select(_ => new KrakenChecksumCache())];
        _everSubscribed = new bool[_books.Length];
        _ended = new bool[_books.Length];
        _bookBackoffs = [.. _books.Select(_ => new ReconnectBackoff(timeProvider, _random))];
        _runner = new FeedConnectionRunner(
            this,
            new FeedConnectionOptions { StaleAfter = options.StaleAfter, ConnectTimeout = options.ConnectTimeout, MaxFrameBytes = options.MaxFrameBytes },
            _frameClock,
            timeProvider,
            _log,
            _random);
        _parser = new KrakenFrameParser(options.Symbols);
    }

    public string Exchange => "kraken";

    public IReadOnlyList<string> Proof { get; } = [BookProof.Checksum];

    /// <summary>The books this feed keeps, in the order of the symbols.</summary>
    public IReadOnlyList<LiveBook> Books => _books;

    /// <summary>Connections attempted so far (the first included).</summary>
    public int ConnectionAttempts => _runner.ConnectionAttempts;

    public int ChecksumFailures { get; private set; }

    public async Task<SymbolListing> CheckSymbolsAsync(CancellationToken cancellationToken)
    {
        using ClientWebSocket socket = new();
        using CancellationTokenSource timeout = new(_options.ListingTimeout, _time);
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using CancellationTokenRegistration abortOnCancel = linked.Token.Register(static s => ((WebSocket)s!).Abort(), socket);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            await socket.ConnectAsync(_options.Endpoint, linked.Token).ConfigureAwait(false);
            await socket.SendAsync(InstrumentSubscribe, WebSocketMessageType.Text, true, linked.Token).ConfigureAwait(false);
            KrakenFrameParser parser = new(_options.Symbols);
            KrakenFrame frame = new();
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
                            return SymbolListing.Unchecked($"a frame larger than {_options.MaxFrameBytes} bytes");
                        }

                        byte[] bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), linked.Token).ConfigureAwait(false);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return SymbolListing.Unchecked("the server closed the connection before sending its instrument list");
                }

                if (!parser.TryParse(buffer.AsSpan(0, length), frame))
                {
                    continue;
                }

                if (frame.Kind == KrakenFrameKind.MethodResponse && frame.Success == false && frame.RequestId == InstrumentRequestId)
                {
                    return SymbolListing.Unchecked($"the instrument channel was refused ({frame.Error})");
                }

                if (frame.Kind == KrakenFrameKind.Instrument && frame.IsInstrumentSnapshot)
                {
                    HashSet<string> listed = new(frame.Instruments.Where(i => !i.IsDelisted).Select(i => i.Symbol), StringComparer.Ordinal);
                    await FeedConnectionRunner.CloseQuietlyAsync(socket).ConfigureAwait(false);
                    return SymbolListing.Checked([.. _options.Symbols.Where(s => !listed.Contains(s))]);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or System.Net.Http.HttpRequestException or ObjectDisposedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return SymbolListing.Unchecked(timeout.IsCancellationRequested
                ? $"no instrument list from {_options.Endpoint} within {_options.ListingTimeout.TotalSeconds:0} s"
                : $"{_options.Endpoint}: {FeedConnectionRunner.Innermost(ex)}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task RunAsync(IBookSink sink, CancellationToken cancellationToken)
    {
        _sink = sink;
        await _runner.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    Uri IFeedProtocol.ConnectionUri => _options.Endpoint;

    // Kraken sends heartbeats on a quiet connection: its own traffic proves it alive.
    string? IFeedProtocol.LivenessProbe => null;

    async Task IFeedProtocol.OnConnectedAsync(IFrameSender sender, CancellationToken connection)
    {
        await sender.SendAsync(Encoding.UTF8.GetString(InstrumentSubscribe)).ConfigureAwait(false);
        string[] remaining = [.. _options.Symbols.Where((_, i) => !_ended[i])];
        if (remaining.Length > 0)
        {
            await sender.SendAsync(SubscribeBook(remaining, 2)).ConfigureAwait(false);
        }
    }

    ConnectionFault? IFeedProtocol.OnFrame(ReadOnlySpan<byte> frame, IFrameSender sender) => HandleFrame(frame, _sink!, sender);

    void IFeedProtocol.OnDisconnected(ConnectionFault fault) => DropAll(_sink!, fault.Reason, fault.Detail);

    private ConnectionFault? HandleFrame(ReadOnlySpan<byte> json, IBookSink sink, IFrameSender sender)
    {
        if (!_parser.TryParse(json, _frame))
        {
            return new(OutageReason.Error, $"unparseable frame: {Preview(json)}");
        }

        switch (_frame.Kind)
        {
            case KrakenFrameKind.BookSnapshot:
            case KrakenFrameKind.BookUpdate:
                for (int i = 0; i < _frame.EntryCount; i++)
                {
                    KrakenBookEntry entry = _frame.Entry(i);
                    if (entry.SymbolIndex >= 0)
                    {
                        ApplyBook(entry, _frame.Kind == KrakenFrameKind.BookSnapshot, sink, sender);
                    }
                }

                return null;
            case KrakenFrameKind.MethodResponse:
                return HandleResponse(sink, sender);
            case KrakenFrameKind.Instrument:
                ApplyInstruments(sink, sender);
                return null;
            case KrakenFrameKind.Status:
                if (_frame.SystemStatus is { } system && system != "online")
                {
                    _log.Warning("Kraken reports system status {Status}", system);
                }

                return null;
            default:
                return null;
        }
    }

    private void ApplyBook(KrakenBookEntry entry, bool snapshot, IBookSink sink, IFrameSender sender)
    {
        int index = entry.SymbolIndex;
        if (_ended[index])
        {
            return;
        }

        LiveBook live = _books[index];
        string? mismatch = null;
        lock (live.Sync)
        {
            if (!snapshot && !live.IsVerified)
            {
                // Updates between a dropped book and its fresh snapshot cannot be applied to anything.
                return;
            }

            DateTimeOffset received = _time.GetUtcNow();
            mismatch = KrakenBookApplier.Apply(live, entry, snapshot, _precisionFromInstrument[index], _checksums[index]);
            if (mismatch is null)
            {
                live.IsVerified = true;
                live.ReceiveTime = received;
                live.ExchangeTime = entry.Timestamp ?? received;
                live.Checksum = entry.Checksum;
                live.HasChecksum = true;

                _bookBackoffs[index].MarkHealthy();
                _runner.MarkHealthy();
                sink.OnBookVerified(live);
                return;
            }

            live.IsVerified = false;
            live.Book.Clear();
        }

        ChecksumFailures++;
        Resync(index, OutageReason.Checksum, mismatch, sink, sender);
    }

    /// <summary>Drops one book and resubscribes it alone, after that book's own backoff.</summary>
    private void Resync(int index, OutageReason reason, string detail, IBookSink sink, IFrameSender sender)
    {
        LiveBook live = _books[index];
        lock (live.Sync)
        {
            live.IsVerified = false;
            live.Book.Clear();
        }

        sink.OnBooksLost([live], reason, detail);
        TimeSpan delay = _bookBackoffs[index].NextDelay();
        _log.Warning("{Symbol}: {Detail}; book dropped, resubscribing in {Delay:0.0} s", live.Symbol, detail, delay.TotalSeconds);
        sender.Post(UnsubscribeBook(live.Symbol));
        sender.PostLater(SubscribeBook([live.Symbol], 3), delay);
    }

    /// <summary>Ends one symbol for good: the exchange does not list it (any more). The others go on.</summary>
    private void End(int index, string detail, IBookSink sink, IFrameSender sender)
    {
        if (_ended[index])
        {
            return;
        }

        _ended[index] = true;
        LiveBook live = _books[index];
        lock (live.Sync)
        {
            live.IsVerified = false;
            live.Book.Clear();
        }

        sink.OnBookEnded(live, detail);
        sender.Post(UnsubscribeBook(live.Symbol));
    }

    private void ApplyInstruments(IBookSink sink, IFrameSender sender)
    {
        if (_frame.IsInstrumentSnapshot)
        {
            // The snapshot is the whole list: a recorded pair missing from it is no longer traded.
            for (int i = 0; i < _books.Length; i++)
            {
                string symbol = _books[i].Symbol;
                if (!_ended[i] && !_frame.Instruments.Exists(x => string.Equals(x.Symbol, symbol, StringComparison.Ordinal)))
                {
                    End(i, _everSubscribed[i] ? "kraken's instrument list no longer has it" : "kraken's instrument list does not have it", sink, sender);
                }
            }
        }

        foreach (KrakenInstrument instrument in _frame.Instruments)
        {
            for (int i = 0; i < _books.Length; i++)
            {
                LiveBook live = _books[i];
                if (_ended[i] || !string.Equals(live.Symbol, instrument.Symbol, StringComparison.Ordinal))
                {
                    continue;
                }

                if (instrument.IsDelisted)
                {
                    End(i, "kraken lists it as delisted", sink, sender);
                    continue;
                }

                if (!instrument.HasPrecisions)
                {
                    continue;
                }

                lock (live.Sync)
                {
                    if (live.PricePrecision != instrument.PricePrecision || live.QtyPrecision != instrument.QtyPrecision)
                    {
                        _log.Information("{Symbol}: price precision {Price}, qty precision {Qty}", live.Symbol, instrument.PricePrecision, instrument.QtyPrecision);
                    }

                    live.PricePrecision = instrument.PricePrecision;
                    live.QtyPrecision = instrument.QtyPrecision;
                    _precisionFromInstrument[i] = true;
                }
            }
        }
    }

    private ConnectionFault? HandleResponse(IBookSink sink, IFrameSender sender)
    {
        if (_frame.Success != false)
        {
            if (_frame.Method == "subscribe" && _frame.ResponseChannel == "book" && _frame.ResponseSymbol is { } ok)
            {
                int subscribed = IndexOf(ok);
                if (subscribed >= 0)
                {
                    _everSubscribed[subscribed] = true;
                }
            }

            return null;
        }

        string error = _frame.Error ?? "unknown error";
        if (error.Contains("Already subscribed", StringComparison.OrdinalIgnoreCase) || _frame.Method == "unsubscribe")
        {
            return null;
        }

        if (_frame.Method == "subscribe" && _frame.RequestId == InstrumentRequestId)
        {
            // Precision then comes from the snapshots' own digits, which is exact for Kraken's wire text.
            _log.Warning("Instrument channel refused ({Error}); precisions taken from the book's wire digits", error);
            return null;
        }

        int index = _frame.ResponseSymbol is { } symbol ? IndexOf(symbol) : -1;
        if (_frame.Method == "subscribe" && index >= 0)
        {
            // A refusal about one pair concerns that pair alone: the other books on the connection are fine.
            if (!_ended[index] && !_everSubscribed[index])
            {
                End(index, $"kraken refused to subscribe it: {error}", sink, sender);
            }
            else if (!_ended[index])
            {
                Resync(index, OutageReason.Error, $"subscription refused: {error}", sink, sender);
            }

            return null;
        }

        if (_frame.Method == "subscribe" && !_everSubscribed.Any(s => s))
        {
            throw new FeedFatalException($"kraken refused to subscribe: {error}");
        }

        return new(OutageReason.Error, $"error frame: {error}");
    }

    private void DropAll(IBookSink sink, OutageReason reason, string detail)
    {
        List<LiveBook> lost = [];
        for (int i = 0; i < _books.Length; i++)
        {
            if (_ended[i])
            {
                continue;
            }

            LiveBook live = _books[i];
            lock (live.Sync)
            {
                live.IsVerified = false;
                live.Book.Clear();
            }

            lost.Add(live);
        }

        if (lost.Count > 0)
        {
            sink.OnBooksLost(lost, reason, detail);
        }
    }

    private int IndexOf(string symbol)
    {
        for (int i = 0; i < _books.Length; i++)
        {
            if (string.Equals(_books[i].Symbol, symbol, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private string SubscribeBook(IEnumerable<string> symbols, int requestId) =>
        $$"""{"method":"subscribe","params":{"channel":"book","symbol":[{{string.Join(',', symbols.Select(s => $"\"{s}\""))}}],"depth":{{_options.Depth}},"snapshot":true},"req_id":{{requestId}}}""";

    private string UnsubscribeBook(string symbol) =>
        $$"""{"method":"unsubscribe","params":{"channel":"book","symbol":["{{symbol}}"],"depth":{{_options.Depth}}},"req_id":4}""";

    private static string Preview(ReadOnlySpan<byte> json)
    {
        string text = Encoding.UTF8.GetString(json[..Math.Min(json.Length, 60)]);
        return new string([.. text.Select(c => char.IsControl(c) ? '?' : c)]);
    }
}
