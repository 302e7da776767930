namespace L2Rec.Recording;

/// <summary>
/// Cuts a torn last line (a crash mid-write leaves bytes without a trailing newline) so that nothing is ever appended
/// after a partial line. Reads backwards in blocks, so a multi-GB file costs one block.
/// </summary>
public static class TornTailRepair
{
    private const int BlockSize = 64 * 1024;

    /// <summary>Truncates <paramref name="stream"/> after its last newline; returns the bytes dropped.</summary>
    public static long Repair(Stream stream)
    {
        long length = stream.Length;
        long keep = LengthThroughLastNewline(stream, length);
        if (keep == length)
        {
            return 0;
        }

        stream.SetLength(keep);
        return length - keep;
    }

    /// <summary>The length of the file up to and including its last newline (0 when it has none).</summary>
    public static long LengthThroughLastNewline(Stream stream, long length)
    {
        byte[] block = new byte[BlockSize];
        long end = length;
        while (end > 0)
        {
            int size = (int)Math.Min(BlockSize, end);
            long start = end - size;
            stream.Seek(start, SeekOrigin.Begin);
            stream.ReadExactly(block, 0, size);
            int newline = block.AsSpan(0, size).LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                return start + newline + 1;
            }

            end = start;
        }

        return 0;
    }
}
