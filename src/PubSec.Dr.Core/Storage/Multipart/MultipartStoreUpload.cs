namespace PubSec.Dr.Storage.Multipart;

/// <summary>
/// An object store upload (S3, Azure): bytes flow through a bounded <see cref="ParallelPartStream"/> into the
/// store's <see cref="IPartSink"/>; the object appears only when the sink commits the parts.
/// </summary>
internal sealed class MultipartStoreUpload : StoreUpload
{
    private readonly IMultipartSink _sink;
    private readonly ParallelPartStream _stream;

    public MultipartStoreUpload(string key, IMultipartSink sink, int partSize, int concurrency)
        : base(key)
    {
        _sink = sink;
        _stream = new ParallelPartStream(sink, partSize, concurrency);
    }

    public override Stream Content => _stream;

    /// <summary>Parts sent so far; after completion, the object's part count.</summary>
    public int PartCount => _stream.PartCount;

    protected override async Task CommitAsync(CancellationToken cancellationToken)
    {
        // Part failures arrive here already mapped by the sink (ParallelPartStream rethrows the first one).
        var parts = await _stream.FinishAsync(cancellationToken).ConfigureAwait(false);
        await _sink.CompleteAsync(parts, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task DiscardAsync()
    {
        // Stop and drain the part uploads first, so no part lands after the abort.
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _sink.AbortAsync().ConfigureAwait(false);
    }

    protected override ValueTask ReleaseAsync() => _stream.DisposeAsync();
}
