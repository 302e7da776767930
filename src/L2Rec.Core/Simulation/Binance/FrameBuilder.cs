using System.Buffers.Text;
using L2Rec.Books;

namespace L2Rec.Simulation.Binance;

/// <summary>
/// Builds market messages byte by byte in Binance's field order (the fields are fixed and ASCII, so no JSON writer is
/// needed), into one reused buffer.
/// </summary>
internal sealed class FrameBuilder
{
    private byte[] _buffer = new byte[16 * 1024];
    private int _length;

    public int Length => _length;

    public void Clear() => _length = 0;

    public FrameBuilder Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
        return this;
    }

    /// <summary>A quoted ASCII string that needs no escaping (symbols and stream names the simulator made).</summary>
    public FrameBuilder Quoted(string ascii)
    {
        Ensure(ascii.Length + 2);
        _buffer[_length++] = (byte)'"';
        foreach (char c in ascii)
        {
            _buffer[_length++] = (byte)c;
        }

        _buffer[_length++] = (byte)'"';
        return this;
    }

    public FrameBuilder Number(long value)
    {
        Ensure(20);
        _ = Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out int written);
        _length += written;
        return this;
    }

    /// <summary>A number as a quoted decimal string: <paramref name="units"/> at <paramref name="scale"/>, padded to <paramref name="wireScale"/> digits.</summary>
    public FrameBuilder Decimal(long units, int scale, int wireScale)
    {
        Ensure(FixedDecimal.MaxFormattedLength + 2);
        _buffer[_length++] = (byte)'"';
        _ = new FixedDecimal(units, scale).TryFormat(_buffer.AsSpan(_length), wireScale, out int written);
        _length += written;
        _buffer[_length++] = (byte)'"';
        return this;
    }

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
