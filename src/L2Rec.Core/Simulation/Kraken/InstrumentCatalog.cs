namespace L2Rec.Simulation.Kraken;

/// <summary>Kraken's precisions and a plausible starting price for the pairs the simulator serves.</summary>
public static class InstrumentCatalog
{
    private static readonly Dictionary<string, (int Price, int Qty, decimal Start)> Known = new(StringComparer.Ordinal)
    {
        ["BTC/USD"] = (1, 8, 67890.0m),
        ["ETH/USD"] = (2, 8, 3456.78m),
        ["XRP/USD"] = (5, 8, 0.52345m),
        ["MATIC/USD"] = (4, 8, 0.5666m),
        ["SOL/USD"] = (2, 8, 145.67m),
        ["DOGE/USD"] = (7, 8, 0.1234567m),
        ["SHIB/USD"] = (8, 5, 0.00001234m),
        ["BTC/EUR"] = (1, 8, 62345.6m),
        ["ETH/EUR"] = (2, 8, 3210.98m),
        ["ADA/USD"] = (6, 8, 0.456789m),
    };

    public static (int PricePrecision, int QtyPrecision, decimal StartPrice) For(string symbol)
    {
        if (Known.TryGetValue(symbol, out (int Price, int Qty, decimal Start) entry))
        {
            return entry;
        }

        // A stable, plausible choice for pairs not in the table: a mid-priced asset with cent ticks.
        int hash = 0;
        foreach (char c in symbol)
        {
            hash = (hash * 31) + c;
        }

        int price = 2 + (Math.Abs(hash) % 3);
        return (price, 8, 10m + (Math.Abs(hash) % 900));
    }
}
