using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using L2Rec.Books;

namespace L2Rec.Feeds.Kraken;

/// <summary>
/// Kraken's checksum of one book, message after message. A message moves one to three levels, so each top-10
/// level's tokens are kept from the last computation and reused when the identical level (same unit counts)
/// sits at the same position or one away (a level came or went above it); only the levels that changed are
/// formatted again. Gives exactly <see cref="KrakenChecksum.Compute(ReadOnlySpan{PriceLevel}, ReadOnlySpan{PriceLevel})"/>.
/// Tokens are a function of the level alone, so nothing needs resetting after a snapshot or a lost book.
/// Not thread-safe: one per book, used under the book's lock.
/// </summary>
public sealed class KrakenChecksumCache
{
    // A level's two tokens (at most 19 digits each) fit 38 bytes; slots are 48 so they move as three 16-byte blocks.
    private const int SlotLength = 48;

    private readonly SideTokens _asks = new();
    private readonly SideTokens _bids = new();

    public uint Compute(OrderBook book) => Compute(book.Asks.Levels, book.Bids.Levels);

    public uint Compute(ReadOnlySpan<PriceLevel> asks, ReadOnlySpan<PriceLevel> bids)
    {
        // Block copies may run up to a slot past the last token.
        Span<byte> input = stackalloc byte[(2 * KrakenChecksum.LevelsPerSide * SlotLength) + SlotLength];
        int length = _asks.Append(asks, input, 0);
        length = _bids.Append(bids, input, length);
        return Crc32.HashToUInt32(input[..length]);
    }

    private sealed class SideTokens
    {
        private const int Levels = KrakenChecksum.LevelsPerSide;

        private PriceLevel[] _levels = new PriceLevel[Levels];
        private PriceLevel[] _nextLevels = new PriceLevel[Levels];
        private byte[] _tokens = new byte[Levels * SlotLength];
        private byte[] _nextTokens = new byte[Levels * SlotLength];
        private int[] _lengths = new int[Levels];
        private int[] _nextLengths = new int[Levels];
        private int _count;

        public int Append(ReadOnlySpan<PriceLevel> levels, Span<byte> input, int length)
        {
            int count = Math.Min(levels.Length, Levels);
            for (int i = 0; i < count; i++)
            {
                ref readonly PriceLevel level = ref levels[i];
                Span<byte> slot = _nextTokens.AsSpan(i * SlotLength, SlotLength);
                int previous = Find(level, i);
                int written;
                if (previous >= 0)
                {
                    written = _lengths[previous];
                    CopySlot(_tokens.AsSpan(previous * SlotLength, SlotLength), slot);
                }
                else
                {
                    written = level.Price.WriteChecksumToken(slot);
                    written += level.Qty.WriteChecksumToken(slot[written..]);
                }

                CopySlot(slot, input.Slice(length, SlotLength));
                length += written;
                _nextLevels[i] = level;
                _nextLengths[i] = written;
            }

            (_levels, _nextLevels) = (_nextLevels, _levels);
            (_tokens, _nextTokens) = (_nextTokens, _tokens);
            (_lengths, _nextLengths) = (_nextLengths, _lengths);
            _count = count;
            return length;
        }

        private int Find(in PriceLevel level, int position)
        {
            if (position < _count && Same(_levels[position], level))
            {
                return position;
            }

            if (position + 1 < _count && Same(_levels[position + 1], level))
            {
                return position + 1;
            }

            return position > 0 && position - 1 < _count && Same(_levels[position - 1], level) ? position - 1 : -1;
        }

        // A token is the unit count's digits, so equal unit counts mean equal tokens whatever the scale; value
        // equality would be wrong (0.5 and 0.50 are equal values with the tokens 5 and 50).
        private static bool Same(in PriceLevel a, in PriceLevel b) => a.Price.Units == b.Price.Units && a.Qty.Units == b.Qty.Units;

        // Three fixed 16-byte moves instead of a memmove call sized to the token: the slot's tail is scratch.
        private static void CopySlot(ReadOnlySpan<byte> from, Span<byte> to)
        {
            ref byte source = ref MemoryMarshal.GetReference(from);
            ref byte target = ref MemoryMarshal.GetReference(to);
            Unsafe.WriteUnaligned(ref target, Unsafe.ReadUnaligned<Vector128<byte>>(ref source));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, 16), Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref source, 16)));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, 32), Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref source, 32)));
        }
    }
}
