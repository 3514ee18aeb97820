using PubSec.Dr.Network;

namespace PubSec.Dr.Transfer;

/// <summary>
/// Passes a body of known length through but holds back its last <see cref="HeldBytes"/> bytes until
/// <paramref name="beforeEnd"/> completes: the receiver (Qdrant, which spools an upload whole before it recovers
/// from it) cannot start before then. For a tar, the held bytes are part of the end-of-archive blocks.
/// </summary>
public sealed class HeldEndStream(Stream inner, long length, Func<CancellationToken, Task> beforeEnd) : ReadOnlyStream, IPausingBody
{
    public const int HeldBytes = 1024;
    private readonly long _holdAt = Math.Max(0, length - HeldBytes);
    private long _position;
    private bool _released;

    public Action<bool>? Pausing { get; set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_released && _position >= _holdAt && !buffer.IsEmpty)
        {
            await IPausingBody.PauseForAsync(this, beforeEnd, cancellationToken).ConfigureAwait(false);
            _released = true;
        }

        if (!_released)
        {
            buffer = buffer[..(int)Math.Min(buffer.Length, _holdAt - _position)];
        }

        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }
}
