using PubSec.Dr.Network;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Qdrant.Client;

/// <summary>
/// A read-only view of an HTTP response body that disposes the response with it. A read that ran out of its
/// idle deadline becomes QdrantTimeout, so the backup says which node stopped sending.
/// </summary>
internal sealed class ResponseStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly HttpResponseMessage _response;
    private readonly string _node;

    public ResponseStream(Stream inner, HttpResponseMessage response, string node)
    {
        _inner = inner;
        _response = response;
        _node = node;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (DeadlineExceededException ex)
        {
            throw QdrantErrors.Timeout(_node, ex);
        }
    }

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
