namespace L2Rec.Analysis;

/// <summary>
/// Reads a stream line by line in constant memory: one reused buffer, lines handed out as spans into it. A line
/// longer than <see cref="MaxLineLength"/> is skipped to its end and reported as too long instead of growing memory.
/// </summary>
public sealed class LineReader(Stream stream, int bufferSize = 1 << 20, int maxLineLength = 4 << 20)
{
    private byte[] _buffer = new byte[bufferSize];
    private int _start;
    private int _end;
    private bool _eof;

    public int MaxLineLength { get; } = maxLineLength;

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes consumed so far.</summary>
    public long Position { get; private set; }

    /// <summary>
    /// The next line without its newline. <paramref name="terminated"/> is false for a last line with no newline
    /// (a torn tail); <paramref name="tooLong"/> is true when the line was skipped and <paramref name="line"/> is empty.
    /// </summary>
    public bool TryRead(out ReadOnlySpan<byte> line, out bool terminated, out bool tooLong)
    {
        tooLong = false;
        int searchFrom = _start;
        while (true)
        {
            int newline = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int lineEnd = searchFrom + newline;
                line = _buffer.AsSpan(_start, lineEnd - _start);
                Position += lineEnd - _start + 1;
                _start = lineEnd + 1;
                terminated = true;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                terminated = false;
                if (_start == _end)
                {
                    line = default;
                    return false;
                }

                line = _buffer.AsSpan(_start, _end - _start);
                Position += _end - _start;
                _start = _end;
                LineNumber++;
                return true;
            }

            searchFrom = _end;
            if (_end - _start >= MaxLineLength)
            {
                SkipRestOfLine();
                tooLong = true;
                terminated = !_eof || _start < _end;
                line = default;
                LineNumber++;
                return true;
            }

            Fill(ref searchFrom);
        }
    }

    private void Fill(ref int searchFrom)
    {
        if (_start > 0)
        {
            int length = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, length);
            searchFrom -= _start;
            _start = 0;
            _end = length;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxLineLength + 1));
        }

        int read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private void SkipRestOfLine()
    {
        Position += _end - _start;
        _start = _end = 0;
        while (true)
        {
            int read = stream.Read(_buffer, 0, _buffer.Length);
            if (read == 0)
            {
                _eof = true;
                return;
            }

            int newline = _buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                Position += newline + 1;
                _start = newline + 1;
                _end = read;
                return;
            }

            Position += read;
        }
    }
}
