using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace PubSec.Dr.Storage.Azure;

/// <summary>
/// Clears what killed uploads leave behind: blobs that have staged blocks but were never committed. Azure has no
/// call that drops uncommitted blocks, so each one is committed as an empty blob (only if no committed blob
/// exists, If-None-Match: *) and that empty blob is deleted (only if it is still ours, If-Match). A blob with
/// committed content is never touched; blocks staged on top of one are left to Azure's 7-day garbage collection.
/// </summary>
internal sealed class AzureUncommittedBlobs
{
    private readonly BlobContainerClient _container;
    private readonly string _storePrefix;
    private readonly string _location;

    public AzureUncommittedBlobs(BlobContainerClient container, string storePrefix, string location)
    {
        _container = container;
        _storePrefix = storePrefix;
        _location = location;
    }

    public async Task<int> RemoveAsync(string namePrefix, DateTime startedBeforeUtc, CancellationToken cancellationToken)
    {
        var removed = 0;
        try
        {
            await foreach (var name in UncommittedOnlyAsync(namePrefix, startedBeforeUtc, cancellationToken).ConfigureAwait(false))
            {
                if (await DiscardAsync(_container.GetBlockBlobClient(name), cancellationToken).ConfigureAwait(false))
                {
                    removed++;
                }
            }
        }
        catch (Exception ex) when (AzureStoreErrors.IsStoreFailure(ex, cancellationToken))
        {
            throw AzureStoreErrors.Map(ex, _location);
        }

        return removed;
    }

    /// <summary>
    /// Names listed with uncommitted blobs but not without them. Both listings come back in the same name order,
    /// so one pass over each finds the difference with constant memory whatever the store size.
    /// </summary>
    private async IAsyncEnumerable<string> UncommittedOnlyAsync(string namePrefix, DateTime startedBeforeUtc,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var all = _container.GetBlobsAsync(new GetBlobsOptions { Prefix = namePrefix, States = BlobStates.Uncommitted }, cancellationToken);
        await using var committed = _container.GetBlobsAsync(new GetBlobsOptions { Prefix = namePrefix }, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        var hasCommitted = await committed.MoveNextAsync().ConfigureAwait(false);
        await foreach (var item in all.ConfigureAwait(false))
        {
            while (hasCommitted && string.CompareOrdinal(committed.Current.Name, item.Name) < 0)
            {
                hasCommitted = await committed.MoveNextAsync().ConfigureAwait(false);
            }

            if (hasCommitted && committed.Current.Name == item.Name)
            {
                continue;
            }

            // The blob exists from its first staged block on, so its creation time is when the upload began.
            var started = item.Properties.CreatedOn ?? item.Properties.LastModified;
            if (started is { } time && time.UtcDateTime < startedBeforeUtc && item.Name.StartsWith(_storePrefix, StringComparison.Ordinal))
            {
                yield return item.Name;
            }
        }
    }

    /// <summary>
    /// Drops the staged blocks of one blob that has no committed content. Also used by an aborted upload, so a
    /// failed or cancelled backup clears its own blocks at once, as an aborted S3 multipart upload does.
    /// </summary>
    internal static async Task<bool> DiscardAsync(BlockBlobClient blob, CancellationToken cancellationToken)
    {
        ETag emptied;
        try
        {
            // Committing an empty list discards the staged blocks; the condition keeps a committed blob safe even
            // when the listings above raced with a writer.
            var commit = await blob.CommitBlockListAsync([],
                new CommitBlockListOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken).ConfigureAwait(false);
            emptied = commit.Value.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }

        try
        {
            await blob.DeleteAsync(DeleteSnapshotsOption.None, new BlobRequestConditions { IfMatch = emptied }, cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Someone deleted it or committed real content since; either way it is no longer ours to remove.
            return false;
        }
    }
}
