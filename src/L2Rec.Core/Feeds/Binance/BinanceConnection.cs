using System.Text;
using L2Rec.Feeds.Healing;

namespace L2Rec.Feeds.Binance;

/// <summary>
/// One combined-stream connection (<c>/stream?streams=…</c>, or <c>/public/stream?streams=…</c> on USD-M) carrying the
/// depth and bookTicker streams of some of the feed's symbols, as the shared <see cref="FeedConnectionRunner"/> drives
/// it. Binance sends no heartbeat, so the runner's probe (<c>LIST_SUBSCRIPTIONS</c>, answered at once) proves the
/// connection alive each second; its answers keep a quiet book current.
/// </summary>
internal sealed class BinanceConnection : IFeedProtocol
{
    public const string Probe = """{"method":"LIST_SUBSCRIPTIONS","id":1}""";

    private readonly BinanceFeed _feed;
    private readonly BinanceFrameParser _parser;
    private readonly BinanceFrame _frame = new();
    private readonly bool _futures;

    public BinanceConnection(BinanceFeed feed, BinanceConnectionGroup group, int lane, Uri uri, BinanceFrameParser parser, bool futures)
    {
        _feed = feed;
        Group = group;
        Lane = lane;
        ConnectionUri = uri;
        _parser = parser;
        _futures = futures;
    }

    public BinanceConnectionGroup Group { get; }

    public int Lane { get; }

    /// <summary>When this connection last connected (a timestamp), or 0 while it is not connected.</summary>
    public long ConnectedAt { get; set; }

    public Uri ConnectionUri { get; }

    public FeedConnectionRunner? Runner { get; set; }

    public string? LivenessProbe => Probe;

    public Task OnConnectedAsync(IFrameSender sender, CancellationToken connection)
    {
        // The streams are in the URL: nothing to send. Every book buffers from now and queues its snapshot (or, on a
        // connection taking over, keeps its events to join the live book).
        _feed.OnConnected(this);
        return Task.CompletedTask;
    }

    public ConnectionFault? OnFrame(ReadOnlySpan<byte> frame, IFrameSender sender)
    {
        if (!_parser.TryParse(frame, _frame))
        {
            return new(OutageReason.Error, $"unparseable frame: {Preview(frame)}");
        }

        switch (_frame.Kind)
        {
            case BinanceFrameKind.Depth:
                if (_frame.SymbolIndex >= 0)
                {
                    long time = _futures && _frame.TransactionTime >= 0 ? _frame.TransactionTime : _frame.EventTime;
                    _feed.OnDepthEvent(
                        this,
                        _frame.SymbolIndex,
                        new DepthEvent(_frame.FirstId, _frame.LastId, _frame.PreviousId, time, _feed.Now()),
                        _frame.Bids,
                        _frame.Asks);
                }

                return null;
            case BinanceFrameKind.BookTicker:
                if (_frame.SymbolIndex >= 0)
                {
                    _feed.OnBookTicker(this, _frame.SymbolIndex, _frame);
                }

                return null;
            case BinanceFrameKind.Error:
                return new(OutageReason.Error, $"error frame: code {_frame.Code} {_frame.Message}".TrimEnd());
            case BinanceFrameKind.ServerShutdown:
                // Binance will close this connection soon: open the next one and hand the books over first.
                _feed.OnShutdownAnnounced(this);
                return null;
            default:
                // Control answers (the probe's) and events the recorder does not use: signs of life only.
                return null;
        }
    }

    public void OnDisconnected(ConnectionFault fault) => _feed.OnDisconnected(this, fault);

    private static string Preview(ReadOnlySpan<byte> json)
    {
        string text = Encoding.UTF8.GetString(json[..Math.Min(json.Length, 60)]);
        return new string([.. text.Select(c => char.IsControl(c) ? '?' : c)]);
    }
}
