namespace L2Rec.Feeds.Binance;

/// <summary>A diff-depth event's ids and times, without its levels.</summary>
/// <param name="FirstId"><c>U</c>.</param>
/// <param name="LastId"><c>u</c>.</param>
/// <param name="PreviousId"><c>pu</c> (USD-M), -1 on spot.</param>
/// <param name="ExchangeTimeMs">The time that dates the book: <c>E</c> on spot, <c>T</c> on USD-M (Unix ms), -1 when absent.</param>
/// <param name="Received">The local time the frame arrived.</param>
internal readonly record struct DepthEvent(long FirstId, long LastId, long PreviousId, long ExchangeTimeMs, DateTimeOffset Received);
