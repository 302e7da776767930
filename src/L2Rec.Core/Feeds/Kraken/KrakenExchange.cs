using L2Rec.Books;
using L2Rec.Exchanges;
using L2Rec.Recording;
using Serilog;

namespace L2Rec.Feeds.Kraken;

/// <summary>Kraken spot over WebSocket v2: BASE/QUOTE symbols, the five subscribable depths, proven by its CRC32 checksum.</summary>
public sealed class KrakenExchange : IExchange
{
    private static readonly int[] Depths = [10, 25, 100, 500, 1000];

    public string Name => "kraken";

    public string SymbolForm => SymbolName.AcceptedForm;

    public string DepthsAccepted => "10, 25, 100, 500 or 1000";

    public IReadOnlyList<string> Proof { get; } = [BookProof.Checksum];

    public Uri WebSocketEndpoint => KrakenFeedOptions.PublicEndpoint;

    public Uri? RestEndpoint => null;

    // Kraken's files have always lived in the data directory itself; moving them would split existing collections.
    public string DataFolder => string.Empty;

    public bool TryNormalizeSymbol(string text, out string symbol) => SymbolName.TryNormalize(text, out symbol);

    public bool AcceptsDepth(int depth) => Depths.Contains(depth);

    public IBookFeed CreateFeed(FeedRequest request, TimeProvider time, ILogger log) =>
        new KrakenFeed(new KrakenFeedOptions { Symbols = request.Symbols, Depth = request.Depth, Endpoint = request.WebSocketEndpoint }, time, log);

    public IBookLineProof CreateLineProof() => new LineProof();

    private sealed class LineProof : IBookLineProof
    {
        private readonly KrakenChecksumCache _cache = new();

        public uint Compute(ReadOnlySpan<PriceLevel> asks, ReadOnlySpan<PriceLevel> bids) => _cache.Compute(asks, bids);
    }
}
