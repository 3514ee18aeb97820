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
    /// Stops the staging and commits nothing. Azure has no call to drop uncommitted blocks; they stay until
    /// RemoveIncompleteUploadsAsync clears them or Azure's garbage collection drops them after 7 days, and are
    /// never visible as a blob in between.
    /// </summary>
    public async Task AbortAsync()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => new(AbortAsync());
}
