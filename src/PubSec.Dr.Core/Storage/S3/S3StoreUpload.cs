using PubSec.Dr.Storage.Multipart;

namespace PubSec.Dr.Storage.S3;

/// <summary>
/// One object being written to S3: bytes flow through a bounded <see cref="ParallelPartStream"/> into
/// <see cref="S3PartSink"/>; the object appears only when CompleteMultipartUpload (or the single PutObject of a
/// small object) succeeds inside <see cref="CompleteAsync"/>.
/// </summary>
internal sealed class S3StoreUpload : IStoreUpload
{
    private readonly S3PartSink _sink;
    private readonly ParallelPartStream _stream;
    private bool _completed;
    private bool _closed;

    public S3StoreUpload(string key, S3PartSink sink, int partSize, int concurrency)
    {
        Key = key;
        _sink = sink;
        _stream = new ParallelPartStream(sink, partSize, concurrency);
    }

    public string Key { get; }

    public Stream Content => _stream;

    /// <summary>Parts sent so far; after completion, the object's part count (1 for a single PutObject).</summary>
    public int PartCount => _stream.PartCount;

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        // Part failures arrive here already mapped by the sink (ParallelPartStream rethrows the first one).
        var parts = await _stream.FinishAsync(cancellationToken).ConfigureAwait(false);
        await _sink.CompleteAsync(parts, cancellationToken).ConfigureAwait(false);
        _completed = true;
        _closed = true;
    }

    public async Task AbortAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        // Stop and drain the part uploads first, so no part lands after the abort.
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _sink.AbortAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            await AbortAsync().ConfigureAwait(false);
        }
        else
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
