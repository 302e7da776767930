namespace L2Rec.Feeds;

/// <summary>What a feed reports. Calls for one book never overlap; calls for different books may come from one thread.</summary>
public interface IBookSink
{
    /// <summary>
    /// A message was applied and its checksum verified. Called on the feed's thread while the feed holds
    /// <see cref="LiveBook.Sync"/>, so the book may be read but must not be kept.
    /// </summary>
    void OnBookVerified(LiveBook book);

    /// <summary>A book stopped being current (the feed has already marked it so). Each call starts or extends an outage.</summary>
    void OnBookLost(LiveBook book, OutageReason reason, string detail);
}
