using PubSec.Dr.Transfer;

namespace PubSec.Dr.Qdrant;

/// <summary>A read-only view of an HTTP response body that disposes the response with it.</summary>
internal sealed class ResponseStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly HttpResponseMessage _response;

    public ResponseStream(Stream inner, HttpResponseMessage response)
    {
        _inner = inner;
        _response = response;
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(buffer, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }
}
