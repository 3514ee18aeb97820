using Azure.Storage.Blobs.Specialized;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage.Multipart;

namespace PubSec.Dr.Storage.Azure;

/// <summary>
/// One block blob being written: parts are staged as uncommitted blocks while the bytes arrive, and only
/// <see cref="CompleteAsync"/> commits the block list, which is the moment the blob appears. Uncommitted blocks
/// are never listed or readable as a blob, so an interrupted upload never looks finished.
/// </summary>
internal sealed class AzureBlobUpload : IStoreUpload, IPartSink
{
    private readonly BlockBlobClient _blob;
    private readonly string _location;
    private readonly AzureBlockIds _blockIds = new();
    private readonly ParallelPartStream _stream;
    private bool _finished;
    private int _staging;

    public AzureBlobUpload(string key, BlockBlobClient blob, string location, BackupStoreOptions options)
    {
        Key = key;
        _blob = blob;
        _location = location;
        _stream = new ParallelPartStream(this, options.PartSizeBytes, options.Concurrency);
    }

    public string Key { get; }

    public Stream Content => _stream;

    public async Task UploadPartAsync(int partNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (partNumber > AzureBlockIds.MaxBlocks)
        {
            throw new DrException(ErrorIds.StoreWriteFailed, DrErrorCategory.WriteError,
                $"'{Key}' needs more than {AzureBlockIds.MaxBlocks} blocks, Azure's limit for one blob.",
                "Raise the store's part size (BackupStoreOptions.PartSizeBytes) so the object fits in 50,000 blocks.", Key);
        }

        try
        {
            // BinaryData wraps the pooled buffer without copying and is seekable, so the SDK can retry the block.
            await using var body = BinaryData.FromBytes(content).ToStream();
            Interlocked.Exchange(ref _staging, 1);
            await _blob.StageBlockAsync(_blockIds.For(partNumber), body, options: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AzureStoreErrors.IsStoreFailure(ex, cancellationToken))
        {
            throw AzureStoreErrors.Map(ex, _location, Key);
        }
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        var parts = await _stream.FinishAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _blob.CommitBlockListAsync(_blockIds.Upto(parts), options: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AzureStoreErrors.IsStoreFailure(ex, cancellationToken))
        {
            throw AzureStoreErrors.Map(ex, _location, Key);
        }

        _finished = true;
    }

    /// <summary>
    /// Stops the staging, commits nothing and drops the blocks staged so far (with a bounded wait). If that
    /// fails, the blocks stay invisible until RemoveIncompleteUploadsAsync clears them or Azure's garbage
    /// collection drops them after 7 days; they never appear as a blob.
    /// </summary>
    public async Task AbortAsync()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        // Drain the part uploads first, so no block lands after the discard.
        await _stream.DisposeAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _staging) == 0)
        {
            return;
        }

        await BestEffortAbort.RunAsync(deadline => AzureUncommittedBlobs.DiscardAsync(_blob, deadline)).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => new(AbortAsync());
}
