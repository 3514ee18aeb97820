namespace PubSec.Dr.Tests.TestSupport;

/// <summary>A read-only, non-seekable view of a buffer that hands out short reads of varying size, like a network stream.</summary>
internal sealed class TrickleStream : Stream
{
    private readonly byte[] _data;
    private readonly Random _random;
    private readonly int _maxRead;
    private int _position;

    public TrickleStream(byte[] data, int seed, int maxRead = 200_000)
    {
        _data = data;
        _random = new Random(seed);
        _maxRead = maxRead;
    }

    /// <summary>Every read returns a single byte: the harshest split a parser can meet.</summary>
    public static TrickleStream OneByteAtATime(byte[] data) => new(data, seed: 0, maxRead: 2);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(Math.Min(buffer.Length, _data.Length - _position), _random.Next(1, _maxRead));
        _data.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// A source that never ends (a stalled or hostile server). It cancels <see cref="Cancel"/> once it has produced
/// <c>cancelAfter</c> bytes and counts what was read, so a test can prove the copy stopped soon after.
/// </summary>
internal sealed class EndlessStream : Stream
{
    private readonly long _cancelAfter;
    private readonly byte _fill;

    public EndlessStream(long cancelAfter, byte fill = 0x42)
    {
        _cancelAfter = cancelAfter;
        _fill = fill;
    }

    public CancellationTokenSource Cancel { get; } = new();

    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, 64 * 1024);
        buffer[..count].Fill(_fill);
        BytesRead += count;
        if (BytesRead >= _cancelAfter)
        {
            Cancel.Cancel();
        }

        return count;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await Task.Yield();
        return Read(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Cancel.Dispose();
        }

        base.Dispose(disposing);
    }
}
