namespace PubSec.Dr.Storage.Azure;

/// <summary>
/// The download body with failures mapped: once the SDK's own resume-and-retry gives up mid-object, the reader
/// gets a DrException with a stable id (StoreUnreachable and so on) instead of a raw transport error.
/// </summary>
internal sealed class AzureReadStream : Stream
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

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

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

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => _inner.DisposeAsync();
}
