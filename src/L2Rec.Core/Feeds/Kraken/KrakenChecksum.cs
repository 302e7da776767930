using System.IO.Hashing;
using L2Rec.Books;

namespace L2Rec.Feeds.Kraken;

/// <summary>
/// Kraken's book checksum: CRC32 (zlib) over the top 10 asks (lowest first) then the top 10 bids (highest first),
/// each level contributing its price token then its quantity token, a token being the decimal text at the pair's
/// precision with the point and leading zeros removed. Computed in a stack buffer, without allocating.
/// </summary>
public static class KrakenChecksum
{
    public const int LevelsPerSide = 10;

    // 2 sides x 10 levels x 2 numbers x at most 19 digits.
    private const int MaxInputLength = 2 * LevelsPerSide * 2 * 19;

    public static uint Compute(OrderBook book) => Compute(book.Asks.Levels, book.Bids.Levels);

    /// <summary>Asks best (lowest) first, bids best (highest) first; only the first 10 of each count.</summary>
    public static uint Compute(ReadOnlySpan<PriceLevel> asks, ReadOnlySpan<PriceLevel> bids)
    {
        Span<byte> input = stackalloc byte[MaxInputLength];
        int length = Append(asks, input, 0);
        length = Append(bids, input, length);
        return Crc32.HashToUInt32(input[..length]);
    }

    private static int Append(ReadOnlySpan<PriceLevel> levels, Span<byte> input, int length)
    {
        int count = Math.Min(levels.Length, LevelsPerSide);
        for (int i = 0; i < count; i++)
        {
            length += levels[i].Price.WriteChecksumToken(input[length..]);
            length += levels[i].Qty.WriteChecksumToken(input[length..]);
        }

        return length;
    }
}
