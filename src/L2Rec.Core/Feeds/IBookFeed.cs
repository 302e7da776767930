namespace L2Rec.Feeds;

/// <summary>
/// An exchange's order-book stream for a set of symbols. <see cref="RunAsync"/> keeps the books verified and current
/// for as long as the token allows, healing faults on its own, and reports everything through the sink.
/// </summary>
public interface IBookFeed
{
    /// <summary>The exchange's name as written in the files (<c>kraken</c>).</summary>
    string Exchange { get; }

    /// <summary>Runs until cancelled (returns normally) or until a fault that retrying cannot cure (throws <see cref="FeedFatalException"/>).</summary>
    Task RunAsync(IBookSink sink, CancellationToken cancellationToken);
}
