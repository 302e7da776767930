using L2Rec.Feeds.Kraken;

namespace L2Rec.Exchanges;

/// <summary>
/// The exchanges l2rec records: the one place that lists them. A new exchange is a folder under <c>Feeds/</c> (and
/// <c>Simulation/</c>) plus one line here (docs/architecture.md has the checklist).
/// </summary>
public static class ExchangeCatalog
{
    public const string DefaultName = "kraken";

    public static IReadOnlyList<IExchange> All { get; } =
    [
        new KrakenExchange(),
        new L2Rec.Feeds.Binance.BinanceExchange(L2Rec.Feeds.Binance.BinanceMarket.Spot), new L2Rec.Feeds.Binance.BinanceExchange(L2Rec.Feeds.Binance.BinanceMarket.UsdM),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(e => e.Name)];

    /// <summary>The exchange of that name (case-insensitive), or null.</summary>
    public static IExchange? Find(string? name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
}
