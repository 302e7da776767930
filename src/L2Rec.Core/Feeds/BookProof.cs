namespace L2Rec.Feeds;

/// <summary>The kinds of evidence a book is proven by, as the session start line's <c>proof</c> names them.</summary>
public static class BookProof
{
    /// <summary>The exchange's checksum of the book, recomputed and matched on every message.</summary>
    public const string Checksum = "checksum";

    /// <summary>An unbroken chain of the exchange's update ids from the snapshot on.</summary>
    public const string Sequence = "sequence";
}
