namespace L2Rec.Feeds;

/// <summary>What a feed reports. Calls for one book never overlap; calls for different books may come from one thread.</summary>
public interface IBookSink
{
    /// <summary>
    /// A message was applied and its checksum verified. Called on the feed's thread while the feed holds
    /// <see cref="LiveBook.Sync"/>, so the book may be read but must not be kept.
    /// </summary>
    void OnBookVerified(LiveBook book);

    /// <summary>
    /// One fault took these books down (the feed has already marked them so): one book for a checksum mismatch, every
    /// book of the connection for a disconnect. Each call starts or extends an outage of each book, and is one outage
    /// in the session's count however many books it took down.
    /// </summary>
    void OnBooksLost(IReadOnlyList<LiveBook> books, OutageReason reason, string detail);

    /// <summary>
    /// The exchange no longer lists the book's symbol (delisted, or refused as unknown): its recording ends for good,
    /// while the other symbols go on. The feed sends nothing more for it.
    /// </summary>
    void OnBookEnded(LiveBook book, string detail);
}
