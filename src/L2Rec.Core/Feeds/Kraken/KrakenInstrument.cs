namespace L2Rec.Feeds.Kraken;

/// <summary>A pair from the v2 <c>instrument</c> channel: its trading status and precisions (-1 when absent or unusable).</summary>
public readonly record struct KrakenInstrument(string Symbol, int PricePrecision, int QtyPrecision, string? Status = null)
{
    /// <summary>Kraken keeps a delisted pair in the list for a while with this status; it has no book any more.</summary>
    public bool IsDelisted => string.Equals(Status, "delisted", StringComparison.OrdinalIgnoreCase);

    public bool HasPrecisions => PricePrecision >= 0 && QtyPrecision >= 0;
}
