namespace L2Rec.Simulation.Http;

/// <summary>
/// Reads request heads off one connection, one after another (keep-alive): bytes read past a head stay for the next.
/// </summary>
internal sealed class HttpRequestReader(Stream stream)
{
    private const int Limit = 16 * 1024;
    private readonly byte[] _buffer = new byte[Limit];
    private int _start;
    private int _end;

    /// <summary>
    /// The next request head; null when the client closed the connection, sent something that is not HTTP, or a head
    /// larger than 16 KB.
    /// </summary>
    public async Task<HttpRequestHead?> ReadAsync(CancellationToken token)
    {
        while (true)
        {
            int end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                HttpRequestHead? head = HttpRequestHead.TryParse(_buffer.AsSpan(_start, end));
                _start += end + 4;
                if (_start == _end)
                {
                    _start = _end = 0;
                }

                return head;
            }

            if (_end == _buffer.Length)
            {
                if (_start == 0)
                {
                    return null;
                }

                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            int read = await stream.ReadAsync(_buffer.AsMemory(_end), token).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }
}
