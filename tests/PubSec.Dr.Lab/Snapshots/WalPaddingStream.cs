namespace PubSec.Dr.Lab.Snapshots;

/// <summary>
/// A read-only stream of <c>length</c> pseudo-random bytes (xorshift64*), generated as it is read, so a
/// snapshot can carry GBs of incompressible WAL padding without that much memory or a source file.
/// </summary>
internal sealed class WalPaddingStream(long length, ulong seed) : Stream
{
    private ulong _state = seed | 1;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        var i = 0;
        for (; i + 8 <= count; i += 8)
        {
            BitConverter.TryWriteBytes(buffer[i..], Next());
        }

        if (i < count)
        {
            Span<byte> tail = stackalloc byte[8];
            BitConverter.TryWriteBytes(tail, Next());
            tail[..(count - i)].CopyTo(buffer[i..]);
        }

        _position += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private ulong Next()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 2685821657736338717UL;
    }
}
