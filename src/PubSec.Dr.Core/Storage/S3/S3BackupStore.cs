using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;

using PubSec.Dr.Storage.Multipart;

namespace PubSec.Dr.Storage.S3;

/// <summary>
/// A backup store in an S3 bucket (or an S3-compatible server), under an optional key prefix. Writes are
/// bounded-memory parallel multipart uploads that become visible only on completion; killed runs leave
/// multipart uploads that <see cref="RemoveIncompleteUploadsAsync"/> clears.
/// </summary>
public sealed class S3BackupStore : IBackupStore, IDisposable
{
    /// <summary>S3's smallest allowed size for every part but the last.</summary>
    public const int MinPartSizeBytes = 5 << 20;

    private readonly AmazonS3Client _client;
    private readonly S3Location _location;
    private readonly int _partSize;
    private readonly int _concurrency;
    private readonly NetworkDeadlines _deadlines;

    public S3BackupStore(string location, BackupStoreOptions? options = null)
    {
        options ??= new BackupStoreOptions();
        _location = S3Location.Parse(location);
        if (options.PartSizeBytes < 1 || options.Concurrency < 1)
        {
            throw new DrException(ErrorIds.StoreLocationInvalid, DrErrorCategory.InvalidArgument,
                $"The part size ({options.PartSizeBytes}) and concurrency ({options.Concurrency}) for {_location.Display} must be positive.",
                "Leave them unset for the defaults, or give a part size of at least 5 MiB and a concurrency of at least 1.", _location.Display);
        }

        // S3 rejects non-last parts under 5 MiB; raising a small setting keeps the upload valid at a little more memory.
        _partSize = Math.Max(options.PartSizeBytes, MinPartSizeBytes);
        _concurrency = options.Concurrency;
        _deadlines = options.Deadlines;
        _client = S3ClientFactory.Create(_location, options);
    }

    public string Location => _location.Display;

    public string Bucket => _location.Bucket;

    public string Prefix => _location.Prefix;

    /// <summary>Page size for listings; S3's default of 1000 unless a test needs to exercise paging.</summary>
    internal int? ListPageSize { get; init; }

    /// <summary>
    /// Whether parts carry a CRC-32 computed by the store in a header (where that is fast, <see cref="PartCrc32"/>) or
    /// one the SDK computes and sends after the body; tests run both ways on one runtime.
    /// </summary>
    internal bool ChecksumInHeader { get; init; } = PartCrc32.IsAccelerated;

    public Task<IStoreUpload> BeginUploadAsync(string key, CancellationToken cancellationToken)
    {
        var objectKey = _location.ObjectKey(key);
        var sink = new S3PartSink(_client, _location.Bucket, objectKey, _partSize, Location, _deadlines) { ChecksumInHeader = ChecksumInHeader };
        return Task.FromResult<IStoreUpload>(new MultipartStoreUpload(key, sink, _partSize, _concurrency));
    }

    public async Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var objectKey = _location.ObjectKey(key);
        // S3's conditional write: If-None-Match: * makes PUT fail with 412 when the key exists, decided by S3 itself,
        // so no two writers can both create it. A single PUT is all-or-nothing, so no reader sees half an object.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Deadline.RunAsync(_deadlines.Request, $"creating {key}",
                    token => _client.PutObjectAsync(new PutObjectRequest
                    {
                        BucketName = _location.Bucket,
                        Key = objectKey,
                        IfNoneMatch = "*",
                        InputStream = new MemoryStream(content.ToArray(), writable: false),
                        AutoCloseStream = true,
                    }, token),
                    cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.PreconditionFailed)
            {
                return false;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 5)
            {
                // 409 ConditionalRequestConflict: another conditional write to the key was in flight. Ask again; the
                // winner's object then answers 412 (or, if it failed, this write may succeed).
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (Map(ex, $"Creating {key}", cancellationToken) is { } mapped)
            {
                throw mapped;
            }
        }
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var objectKey = _location.ObjectKey(key);
        try
        {
            // The headers within the request deadline; then each read of the body within the same span (no total limit).
            var response = await Deadline.RunAsync(_deadlines.Request, $"opening {key}",
                token => _client.GetObjectAsync(new GetObjectRequest { BucketName = _location.Bucket, Key = objectKey }, token),
                cancellationToken).ConfigureAwait(false);
            return new S3ObjectReadStream(response, _deadlines.Request, $"reading {key}", (ex, token) => Map(ex, $"Reading {key}", token));
        }
        catch (Exception ex) when (S3Errors.IsNotFound(ex))
        {
            throw new DrException(ErrorIds.StoreObjectNotFound, DrErrorCategory.ObjectNotFound,
                $"The object '{key}' does not exist in the store {Location}.",
                "Check that the store location is right and that the backup was not deleted or moved.", key, ex);
        }
        catch (Exception ex) when (Map(ex, $"Reading {key}", cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<StoreObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        var objectKey = _location.ObjectKey(key);
        try
        {
            var metadata = await Deadline.RunAsync(_deadlines.Request, $"reading the size of {key}",
                token => _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _location.Bucket, Key = objectKey }, token),
                cancellationToken).ConfigureAwait(false);
            return new StoreObjectInfo(key, metadata.ContentLength, ToUtc(metadata.LastModified));
        }
        catch (Exception ex) when (S3Errors.IsNotFound(ex))
        {
            // HEAD has no body, so a missing bucket also reads as 404; a listing would tell them apart, but the
            // interface promises null for "not there", and a wrong bucket fails loudly on the next list or read.
            return null;
        }
        catch (Exception ex) when (Map(ex, $"Reading the size of {key}", cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async IAsyncEnumerable<StoreObjectInfo> ListAsync(string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request
        {
            BucketName = _location.Bucket,
            Prefix = _location.PrefixWith(prefix),
            MaxKeys = ListPageSize,
        };
        do
        {
            ListObjectsV2Response page;
            try
            {
                page = await Deadline.RunAsync(_deadlines.Request, "listing objects",
                    token => _client.ListObjectsV2Async(request, token), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (Map(ex, "Listing objects", cancellationToken) is { } mapped)
            {
                throw mapped;
            }

            foreach (var item in page.S3Objects ?? [])
            {
                // Objects placed by other tools may have keys no store key can name (e.g. "a//b"); they are not ours.
                if (_location.RelativeKey(item.Key) is { } key && IsStoreKey(key))
                {
                    yield return new StoreObjectInfo(key, item.Size ?? 0, ToUtc(item.LastModified));
                }
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var objectKey = _location.ObjectKey(key);
        try
        {
            await Deadline.RunAsync(_deadlines.Request, $"deleting {key}",
                token => _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _location.Bucket, Key = objectKey }, token),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Map(ex, $"Deleting {key}", cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<int> RemoveIncompleteUploadsAsync(string prefix, DateTime startedBefore, CancellationToken cancellationToken)
    {
        var cutoff = startedBefore.ToUniversalTime();
        var request = new ListMultipartUploadsRequest
        {
            BucketName = _location.Bucket,
            Prefix = _location.PrefixWith(prefix),
            MaxUploads = ListPageSize,
        };
        var removed = 0;
        try
        {
            while (true)
            {
                var page = await Deadline.RunAsync(_deadlines.Request, "listing unfinished uploads",
                    token => _client.ListMultipartUploadsAsync(request, token), cancellationToken).ConfigureAwait(false);
                foreach (var upload in page.MultipartUploads ?? [])
                {
                    if (upload.Initiated is { } initiated && ToUtc(initiated) < cutoff
                        && await AbortIfPresentAsync(upload, cancellationToken).ConfigureAwait(false))
                    {
                        removed++;
                    }
                }

                if (page.IsTruncated != true)
                {
                    return removed;
                }

                request.KeyMarker = page.NextKeyMarker;
                request.UploadIdMarker = page.NextUploadIdMarker;
            }
        }
        catch (Exception ex) when (Map(ex, "Removing unfinished uploads", cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public override string ToString() => Location;

    public void Dispose() => _client.Dispose();

    private async Task<bool> AbortIfPresentAsync(MultipartUpload upload, CancellationToken cancellationToken)
    {
        try
        {
            await Deadline.RunAsync(_deadlines.Request, $"aborting the unfinished upload of {upload.Key}",
                token => _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
                {
                    BucketName = _location.Bucket,
                    Key = upload.Key,
                    UploadId = upload.UploadId,
                }, token), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (S3Errors.IsNoSuchUpload(ex))
        {
            // Completed or aborted by someone else since the listing: nothing left to remove.
            return false;
        }
    }

    private DrException? Map(Exception ex, string action, CancellationToken cancellationToken) =>
        S3Errors.Map(ex, action, Location, cancellationToken);

    private static bool IsStoreKey(string key)
    {
        try
        {
            StoreKey.Validate(key);
            return true;
        }
        catch (DrException)
        {
            return false;
        }
    }

    private static DateTime ToUtc(DateTime? value) => value is { } v
        ? (v.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : v.ToUniversalTime())
        : DateTime.MinValue;
}
