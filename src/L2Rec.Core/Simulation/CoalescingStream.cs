namespace L2Rec.Simulation;

/// <summary>
/// Collects the frames the simulator writes during one pass of its send loop and hands them to the socket in one
/// write (<see cref="PushAsync"/>), the way a busy exchange's frames share TCP segments. Reads pass straight through.
/// </summary>
internal sealed class CoalescingStream(Stream inner) : Stream
{
    private const int Limit = 64 * 1024;
    private readonly byte[] _buffer = new byte[Limit];
    private int _length;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Writes everything collected so far to the socket.</summary>
    public async ValueTask PushAsync(CancellationToken token)
    {
        if (_length > 0)
        {
            int length = _length;
            _length = 0;
            await inner.WriteAsync(_buffer.AsMemory(0, length), token).ConfigureAwait(false);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_length + buffer.Length > Limit)
        {
            await PushAsync(cancellationToken).ConfigureAwait(false);
        }

        if (buffer.Length > _buffer.Length)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        buffer.Span.CopyTo(_buffer.AsSpan(_length));
        _length += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    // The send loop decides when bytes leave (PushAsync); the WebSocket's own flushes must not split a batch.
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
