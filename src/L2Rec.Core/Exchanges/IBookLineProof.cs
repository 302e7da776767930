using L2Rec.Books;

namespace L2Rec.Exchanges;

/// <summary>
/// An exchange's checksum recomputed from a book line's own levels, for <c>validate</c>. One instance per file: it may
/// keep state between lines (a token cache) to stay fast.
/// </summary>
public interface IBookLineProof
{
    /// <summary>The checksum the levels give; asks and bids best first.</summary>
    uint Compute(ReadOnlySpan<PriceLevel> asks, ReadOnlySpan<PriceLevel> bids);
}
