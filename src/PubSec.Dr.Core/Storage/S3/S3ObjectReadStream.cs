using Amazon.S3.Model;
using PubSec.Dr.Network;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Storage.S3;

/// <summary>
/// The body of a GetObject response as a plain read stream. It owns the response, so disposing the stream
/// releases the HTTP connection; read failures are mapped to the store's error ids like every other call. Each
/// read must return within the idle deadline: a body that stops flowing ends in StoreTimeout, not a hang.
/// </summary>
internal sealed class S3ObjectReadStream : ReadOnlyStream
{
    private readonly GetObjectResponse _response;
    private readonly Stream _body;
    private readonly Func<Exception, CancellationToken, Exception?> _mapError;

    public S3ObjectReadStream(GetObjectResponse response, TimeSpan idle, string doing, Func<Exception, CancellationToken, Exception?> mapError)
    {
        _response = response;
        _body = new IdleTimeoutReadStream(response.ResponseStream, idle, doing);
        _mapError = mapError;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _body.Read(buffer);
        }
        catch (Exception ex) when (_mapError(ex, CancellationToken.None) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_mapError(ex, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }
}
