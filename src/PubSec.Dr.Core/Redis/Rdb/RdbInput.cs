using System.Buffers.Binary;

namespace PubSec.Dr.Redis.Rdb;

/// <summary>
/// The verifier's one pass over an RDB stream: a 64 KiB read buffer, the byte count, and the CRC-64 of every byte
/// but the last 8. Which bytes are the last 8 is known only when the stream ends, so the newest 9 bytes (the EOF
/// opcode and the trailer, in an intact file) are held back from the CRC until more arrive. Whoever reads through
/// it (the key walker) sees every byte once; <see cref="DrainAsync"/> reads what the walker left, so the CRC always
/// covers the whole file whatever the walker understood.
/// </summary>
internal sealed class RdbInput(Stream source)
{
    public const int HeldBack = 9;
    private const int BufferSize = 1 << 16;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly byte[] _held = new byte[HeldBack];
    private readonly byte[] _scratch = new byte[8];
    private int _heldCount;
    private int _position;
    private int _length;

    public RdbCrc64 Crc { get; } = new();

    /// <summary>Bytes read from the source so far.</summary>
    public long Total { get; private set; }

    /// <summary>Bytes handed to the reader so far (the offset of the next byte it reads).</summary>
    public long Offset => Total - (_length - _position);

    /// <summary>The last bytes of the stream (up to 9), not yet in the CRC: valid once the stream has ended.</summary>
    public ReadOnlySpan<byte> Tail => _held.AsSpan(0, _heldCount);

    public async ValueTask<byte> ReadByteAsync(CancellationToken cancellationToken)
    {
        if (_position == _length && !await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            throw RdbWalkStoppedException.EndedInside(Offset);
        }

        return _buffer[_position++];
    }

    /// <summary>Reads up to <paramref name="destination"/>'s length; fewer only when the stream ends.</summary>
    public async ValueTask<int> ReadAtMostAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var done = 0;
        while (done < destination.Length && (_position < _length || await FillAsync(cancellationToken).ConfigureAwait(false)))
        {
            var take = Math.Min(destination.Length - done, _length - _position);
            _buffer.AsMemory(_position, take).CopyTo(destination[done..]);
            _position += take;
            done += take;
        }

        return done;
    }

    public async ValueTask<ulong> ReadBigEndianAsync(int bytes, CancellationToken cancellationToken)
    {
        if (await ReadAtMostAsync(_scratch.AsMemory(0, bytes), cancellationToken).ConfigureAwait(false) < bytes)
        {
            throw RdbWalkStoppedException.EndedInside(Offset);
        }

        return bytes == 4 ? BinaryPrimitives.ReadUInt32BigEndian(_scratch) : BinaryPrimitives.ReadUInt64BigEndian(_scratch);
    }

    /// <summary>Passes over <paramref name="count"/> bytes (still counted and hashed, never copied).</summary>
    public async ValueTask SkipAsync(ulong count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_position == _length && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw RdbWalkStoppedException.EndedInside(Offset);
            }

            var take = (int)Math.Min(count, (ulong)(_length - _position));
            _position += take;
            count -= (ulong)take;
        }
    }

    /// <summary>Reads the rest of the stream, so the CRC and the tail are final.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _position = _length;
        while (await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            _position = _length;
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _position = 0;
        _length = await source.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        if (_length == 0)
        {
            return false;
        }

        Total += _length;
        HoldBack(_buffer.AsSpan(0, _length));
        return true;
    }

    /// <summary>Every byte but the newest 9 goes into the CRC; those 9 wait in <see cref="_held"/>.</summary>
    private void HoldBack(ReadOnlySpan<byte> chunk)
    {
        var release = _heldCount + chunk.Length - HeldBack;
        if (release <= 0)
        {
            chunk.CopyTo(_held.AsSpan(_heldCount));
            _heldCount += chunk.Length;
            return;
        }

        var fromHeld = Math.Min(release, _heldCount);
        Crc.Append(_held.AsSpan(0, fromHeld));
        Crc.Append(chunk[..(release - fromHeld)]);
        _held.AsSpan(fromHeld, _heldCount - fromHeld).CopyTo(_held);
        var kept = _heldCount - fromHeld;
        chunk[(release - fromHeld)..].CopyTo(_held.AsSpan(kept));
        _heldCount = HeldBack;
    }
}
