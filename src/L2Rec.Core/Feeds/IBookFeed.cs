namespace L2Rec.Feeds;

/// <summary>
/// An exchange's order-book stream for a set of symbols. <see cref="RunAsync"/> keeps the books verified and current
/// for as long as the token allows, healing faults on its own, and reports everything through the sink.
/// </summary>
public interface IBookFeed
{
    /// <summary>The exchange's name as written in the files (<c>kraken</c>).</summary>
    string Exchange { get; }

    /// <summary>The evidence each book it reports was proven by, as the session start line names it (<c>checksum</c>, <c>sequence</c>).</summary>
    IReadOnlyList<string> Proof { get; }

    /// <summary>
    /// Asks the exchange's instrument list which of the symbols it does not list, before anything is recorded, so a typo
    /// is refused before a file is created. Never throws for an unreachable exchange: the listing then says it is unchecked.
    /// </summary>
    Task<SymbolListing> CheckSymbolsAsync(CancellationToken cancellationToken);

    /// <summary>Runs until cancelled (returns normally) or until a fault that retrying cannot cure (throws <see cref="FeedFatalException"/>).</summary>
    Task RunAsync(IBookSink sink, CancellationToken cancellationToken);
}
