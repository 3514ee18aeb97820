using System.Runtime.CompilerServices;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using PubSec.Dr.Errors;

using PubSec.Dr.Storage.Multipart;

namespace PubSec.Dr.Storage.Azure;

/// <summary>
/// A backup store in an Azure Blob container, optionally under a prefix. Objects are block blobs written by
/// <see cref="AzureBlockSink"/> (bounded memory, committed only on completion) and read as one streaming GET.
/// </summary>
public sealed class AzureBlobBackupStore : IBackupStore
{
    private readonly AzureBlobLocation _location;
    private readonly BackupStoreOptions _options;

    /// <param name="location">az://container[/prefix] or a container URL (https://account.blob.core.windows.net/container[/prefix][?sas]).</param>
    public AzureBlobBackupStore(string location, BackupStoreOptions? options = null)
    {
        _options = options ?? new BackupStoreOptions();
        _location = AzureBlobLocation.Parse(location, _options);
    }

    public string Location => _location.Display;

    /// <summary>The container name (no secret).</summary>
    public string ContainerName => _location.Container.Name;

    /// <summary>Every key's blob name prefix, empty or ending in '/'.</summary>
    public string Prefix => _location.Prefix;

    public Task<IStoreUpload> BeginUploadAsync(string key, CancellationToken cancellationToken)
    {
        var blob = _location.Container.GetBlockBlobClient(BlobName(key));
        return Task.FromResult<IStoreUpload>(new MultipartStoreUpload(key, new AzureBlockSink(key, blob, Location), _options.PartSizeBytes, _options.Concurrency));
    }

    public async Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var blob = _location.Container.GetBlobClient(BlobName(key));
        try
        {
            // If-None-Match: * lets the service refuse the write when the blob exists (409 BlobAlreadyExists, or 412),
            // decided server-side, so exactly one writer creates it; one Put Blob commits all bytes or none.
            await blob.UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = global::Azure.ETag.All },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (global::Azure.RequestFailedException ex) when (ex.Status is 409 or 412 && ex.ErrorCode != "ContainerNotFound")
        {
            return false;
        }
        catch (Exception ex) when (AzureStoreErrors.IsStoreFailure(ex, cancellationToken))
        {
            throw AzureStoreErrors.Map(ex, Location, key);
        }
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var blob = _location.Container.GetBlobClient(BlobName(key));
        try
        {
            // One streaming GET; the SDK resumes a broken download from the offset reached, pinned to the ETag.
            var response = await blob.DownloadStreamingAsync(options: null, cancellationToken).ConfigureAwait(false);
            return new AzureReadStream(response.Value.Content, Location, key);
        }
        catch (Exception ex) when (AzureStoreErrors.IsStoreFailure(ex, cancellationToken))
        {
            throw AzureStoreErrors.Map(ex, Location, key);
        }
    }

    public async Task<StoreObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        var blob = _location.Container.GetBlobClient(BlobName(key));
        try
        {
            var properties = await blob.GetPropertiesAsync(conditions: null, cancellationToken).ConfigureAwait(false);
            return new StoreObjectInfo(key, properties.Value.ContentLength, properties.Value.LastModified.UtcDateTime);
        }
        catch (global::Azure.RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode != "ContainerNotFound")
        {
            // HEAD has no body, so the error code may be missing; a 404 on an object means it is not there.
            return null;
        }
        catch (Exception ex) when (AzureStoreErrors.IsStoreFailure(ex, cancellationToken))
        {
            throw AzureStoreErrors.Map(ex, Location, key);
        }
    }

    public async IAsyncEnumerable<StoreObjectInfo> ListAsync(string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new GetBlobsOptions { Prefix = _location.Prefix + prefix };
        await using var pages = _location.Container.GetBlobsAsync(options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (await NextAsync(pages, cancellationToken).ConfigureAwait(false))
        {
            var item = pages.Current;
            yield return new StoreObjectInfo(item.Name[_location.Prefix.Length..], item.Properties.ContentLength ?? 0,
                (item.Properties.LastModified ?? item.Properties.CreatedOn ?? DateTimeOffset.MinValue).UtcDateTime);
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var blob = _location.Container.GetBlobClient(BlobName(key));
        try
        {
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AzureStoreErrors.IsStoreFailure(ex, cancellationToken))
        {
            throw AzureStoreErrors.Map(ex, Location, key);
        }
    }

    public Task<int> RemoveIncompleteUploadsAsync(string prefix, DateTime startedBefore, CancellationToken cancellationToken) =>
        new AzureUncommittedBlobs(_location.Container, _location.Prefix, Location)
            .RemoveAsync(_location.Prefix + prefix, startedBefore.ToUniversalTime(), cancellationToken);

    public override string ToString() => Location;

    private string BlobName(string key) => _location.Prefix + StoreKey.Validate(key);

    private async ValueTask<bool> NextAsync(IAsyncEnumerator<BlobItem> pages, CancellationToken cancellationToken)
    {
        try
        {
            return await pages.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (AzureStoreErrors.IsStoreFailure(ex, cancellationToken))
        {
            throw AzureStoreErrors.Map(ex, Location);
        }
    }
}
