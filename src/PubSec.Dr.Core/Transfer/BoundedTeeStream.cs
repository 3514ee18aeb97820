using System.Buffers;
using System.Threading.Channels;

namespace PubSec.Dr.Transfer;

/// <summary>
/// A one-way, bounded, in-process pipe: the copy loop pushes chunks, a consumer (the tar inspector) reads
/// them as an ordinary stream on its own task. At most <c>capacity</c> chunks are in flight, so memory stays
/// flat whatever the size of the data. When the consumer stops early (bad archive, end of tar), later pushes
/// are dropped instead of blocking the transfer.
/// </summary>
internal sealed class BoundedTeeStream : ReadOnlyStream
{
    private readonly Channel<Chunk> _channel;
    private Chunk? _current;
    private int _offset;
    private volatile bool _consumerGone;
    private long _waitTicks;
    private long _bytesRead;

    public BoundedTeeStream(int capacity = 8)
    {
        _channel = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Consumer side: how long reads waited for the producer (Stopwatch ticks), to tell the consumer's own time.</summary>
    public long WaitTicks => Interlocked.Read(ref _waitTicks);

    /// <summary>Consumer side: bytes handed to the consumer.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Producer side: copies <paramref name="data"/> and queues it, waiting while the pipe is full.</summary>
    public async ValueTask PushAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_consumerGone || data.IsEmpty)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(buffer);
        try
        {
            await _channel.Writer.WriteAsync(new Chunk(buffer, data.Length), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            _consumerGone = true;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Producer side: no more data; the consumer sees end of stream.</summary>
    public void CompleteWriting() => _channel.Writer.TryComplete();

    /// <summary>Consumer side: it will read no more, so the producer must stop waiting for it.</summary>
    public void CompleteReading()
    {
        _consumerGone = true;
        _channel.Writer.TryComplete();
        while (_channel.Reader.TryRead(out var chunk))
        {
            ArrayPool<byte>.Shared.Return(chunk.Buffer);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_current is null || _offset == _current.Value.Length)
        {
            if (_current is { } done)
            {
                ArrayPool<byte>.Shared.Return(done.Buffer);
                _current = null;
            }

            if (!_channel.Reader.TryRead(out var next))
            {
                var waiting = System.Diagnostics.Stopwatch.GetTimestamp();
                var more = await _channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && _channel.Reader.TryRead(out next);
                Interlocked.Add(ref _waitTicks, System.Diagnostics.Stopwatch.GetTimestamp() - waiting);
                if (!more)
                {
                    return 0;
                }
            }

            _current = next;
            _offset = 0;
        }

        var chunk = _current.Value;
        var count = Math.Min(buffer.Length, chunk.Length - _offset);
        chunk.Buffer.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        Interlocked.Add(ref _bytesRead, count);
        return count;
    }

    private readonly record struct Chunk(byte[] Buffer, int Length);
}
