namespace L2Rec.Feeds.Kraken;

/// <summary>A pair's precisions from the v2 <c>instrument</c> channel.</summary>
public readonly record struct KrakenInstrument(string Symbol, int PricePrecision, int QtyPrecision);
