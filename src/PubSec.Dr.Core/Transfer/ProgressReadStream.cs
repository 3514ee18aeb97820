namespace PubSec.Dr.Transfer;

/// <summary>A pass-through read stream that counts bytes and tells a callback about each read (for progress).</summary>
public sealed class ProgressReadStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly Action<int> _onRead;
    private long _read;

    public ProgressReadStream(Stream inner, Action<int> onRead)
    {
        _inner = inner;
        _onRead = onRead;
    }

    public long BytesRead => _read;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var count = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _read += count;
        _onRead(count);
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
