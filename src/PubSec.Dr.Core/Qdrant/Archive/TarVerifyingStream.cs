using PubSec.Dr.Transfer;

namespace PubSec.Dr.Qdrant.Archive;

/// <summary>A read-only pass-through that runs every byte through a <see cref="TarBlockWalker"/>.</summary>
internal sealed class TarVerifyingStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly TarBlockWalker _walker = new();

    public TarVerifyingStream(Stream inner) => _inner = inner;

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _inner.Read(buffer, offset, count);
        _walker.Feed(buffer.AsSpan(offset, read));
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _walker.Feed(buffer.Span[..read]);
        return read;
    }

}
