using L2Rec.Feeds;
using Serilog;

namespace L2Rec.Exchanges;

/// <summary>
/// Everything the exchange-neutral core needs to know of one exchange (or one market of it): how its symbols are
/// spelled, which depths it serves, where it lives, how its books are proven, and how to build its feed. Each
/// implementation lives in its exchange's folder under <c>Feeds/</c>; <see cref="ExchangeCatalog"/> lists them.
/// </summary>
public interface IExchange
{
    /// <summary>The <c>--exchange</c> value and the <c>exchange</c> field of every line (<c>kraken</c>, <c>binance-usdm</c>).</summary>
    string Name { get; }

    /// <summary>The accepted symbol form, for messages (<c>BASE/QUOTE … (e.g. BTC/USD)</c>).</summary>
    string SymbolForm { get; }

    /// <summary>The exchange's spelling of a symbol typed by a user, or false when it cannot be one.</summary>
    bool TryNormalizeSymbol(string text, out string symbol);

    /// <summary>The depths it accepts, for messages (<c>10, 25, 100, 500 or 1000</c>).</summary>
    string DepthsAccepted { get; }

    bool AcceptsDepth(int depth);

    /// <summary>The evidence its books are proven by, as the session start line's <c>proof</c> names it.</summary>
    IReadOnlyList<string> Proof { get; }

    Uri WebSocketEndpoint { get; }

    /// <summary>Its REST endpoint, or null when recording needs none.</summary>
    Uri? RestEndpoint { get; }

    /// <summary>The folder under the default data directory (empty: the data directory itself).</summary>
    string DataFolder { get; }

    IBookFeed CreateFeed(FeedRequest request, TimeProvider time, ILogger log);

    /// <summary>Recomputes the exchange's checksum from a written book line, or null when it has no checksum.</summary>
    IBookLineProof? CreateLineProof();
}
