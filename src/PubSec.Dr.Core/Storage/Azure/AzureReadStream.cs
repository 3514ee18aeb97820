using PubSec.Dr.Transfer;

namespace PubSec.Dr.Storage.Azure;

/// <summary>
/// The download body with failures mapped: once the SDK's own resume-and-retry gives up mid-object, the reader
/// gets a DrException with a stable id (StoreUnreachable and so on) instead of a raw transport error.
/// </summary>
internal sealed class AzureReadStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly string _location;
    private readonly string _key;

    public AzureReadStream(Stream inner, string location, string key)
    {
        _inner = inner;
        _location = location;
        _key = key;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AzureStoreErrors.IsStoreFailure(ex, cancellationToken))
        {
            throw AzureStoreErrors.Map(ex, _location, _key);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _inner.Read(buffer);
        }
        catch (Exception ex) when (AzureStoreErrors.IsStoreFailure(ex, CancellationToken.None))
        {
            throw AzureStoreErrors.Map(ex, _location, _key);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => _inner.DisposeAsync();
}
