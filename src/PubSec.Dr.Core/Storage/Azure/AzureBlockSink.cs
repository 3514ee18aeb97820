using Azure.Storage.Blobs.Specialized;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage.Multipart;

namespace PubSec.Dr.Storage.Azure;

/// <summary>
/// One block blob being written: parts are staged as uncommitted blocks while the bytes arrive, and only
/// committing the block list makes the blob appear. Uncommitted blocks are never listed or readable as a blob, so
/// an interrupted upload never looks finished.
/// </summary>
internal sealed class AzureBlockSink : IMultipartSink
{
    private readonly string _key;
    private readonly BlockBlobClient _blob;
    private readonly string _location;
    private readonly AzureBlockIds _blockIds = new();
    private int _staging;

    public AzureBlockSink(string key, BlockBlobClient blob, string location)
    {
        _key = key;
        _blob = blob;
        _location = location;
    }

    public async Task UploadPartAsync(int partNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (partNumber > AzureBlockIds.MaxBlocks)
        {
            throw new DrException(ErrorIds.StoreWriteFailed, DrErrorCategory.WriteError,
                $"'{_key}' needs more than {AzureBlockIds.MaxBlocks} blocks, Azure's limit for one blob.",
                "Raise the store's part size (BackupStoreOptions.PartSizeBytes) so the object fits in 50,000 blocks.", _key);
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
            throw AzureStoreErrors.Map(ex, _location, _key);
        }
    }

    public async Task CompleteAsync(int partCount, CancellationToken cancellationToken)
    {
        try
        {
            await _blob.CommitBlockListAsync(_blockIds.Upto(partCount), options: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AzureStoreErrors.IsStoreFailure(ex, cancellationToken))
        {
            throw AzureStoreErrors.Map(ex, _location, _key);
        }
    }

    /// <summary>
    /// Drops the blocks staged so far (with a bounded wait). If that fails, the blocks stay invisible until
    /// RemoveIncompleteUploadsAsync clears them or Azure's garbage collection drops them after 7 days; they never
    /// appear as a blob.
    /// </summary>
    public async Task AbortAsync()
    {
        if (Volatile.Read(ref _staging) == 0)
        {
            return;
        }

        await BestEffortAbort.RunAsync(deadline => AzureUncommittedBlobs.DiscardAsync(_blob, deadline)).ConfigureAwait(false);
    }
}
