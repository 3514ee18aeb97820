using System.Security.Cryptography;
using Amazon.S3.Model;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.S3;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Storage.S3;

/// <summary>The S3 store against a real S3 protocol server (moto), with the SDK's default checksum and chunking settings.</summary>
public sealed class S3BackupStoreTests : IClassFixture<MotoServer>
{
    private const int PartSize = S3BackupStore.MinPartSizeBytes;
    private readonly MotoServer _moto;

    public S3BackupStoreTests(MotoServer moto) => _moto = moto;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(PartSize)]
    [InlineData(PartSize + 1)]
    public async Task Upload_RoundTripsByteExact(int size)
    {
        using var store = _moto.Store("roundtrip", PartSize, concurrency: 2);
        var data = TestData.Bytes(size, seed: size);
        var key = $"sizes/{size}.bin";

        await UploadAsync(store, key, data);

        var info = await store.GetInfoAsync(key, CancellationToken.None);
        Assert.NotNull(info);
        Assert.Equal(size, info.Size);
        await using var read = await store.OpenReadAsync(key, CancellationToken.None);
        Assert.Equal(TestData.Sha256Hex(data), TestData.Sha256Hex(await TestData.ReadAllAsync(read)));
    }

    [Theory]
    // Each part's CRC-32 either in a header computed by the store (.NET 10) or computed and sent after the body by the SDK (.NET 8).
    [InlineData(true)]
    [InlineData(false)]
    public async Task LargeUpload_UsesManyPartsAndRoundTripsByteExact(bool checksumInHeader)
    {
        var prefix = checksumInHeader ? "large" : "large-sdk-crc";
        using var store = new S3BackupStore($"s3://{MotoServer.Bucket}/{prefix}", _moto.Options(PartSize, concurrency: 3)) { ChecksumInHeader = checksumInHeader };
        var data = TestData.Bytes(60_000_000, seed: 60);
        const string key = "big/object.bin";

        await UploadAsync(store, key, data);

        // A multipart object's ETag is md5-of-part-md5s followed by "-<part count>": proof the parts were separate.
        using var client = _moto.CreateClient();
        var head = await client.GetObjectMetadataAsync(MotoServer.Bucket, $"{prefix}/{key}");
        var expectedParts = (data.Length + PartSize - 1) / PartSize;
        Assert.EndsWith($"-{expectedParts}\"", head.ETag);
        await using var read = await store.OpenReadAsync(key, CancellationToken.None);
        using var sha = SHA256.Create();
        var actual = Convert.ToHexString(await sha.ComputeHashAsync(read)).ToLowerInvariant();
        Assert.Equal(TestData.Sha256Hex(data), actual);
    }

    [Fact]
    public async Task Upload_IsInvisibleUntilCompleted()
    {
        using var store = _moto.Store("invisible", PartSize, concurrency: 2);
        var data = TestData.Bytes(2 * PartSize + 10, seed: 7);
        const string key = "pending/object.bin";
        await using var upload = await store.BeginUploadAsync(key, CancellationToken.None);
        await upload.Content.WriteAsync(data);
        await WaitForMultipartUploadAsync("invisible/" + key);

        Assert.Null(await store.GetInfoAsync(key, CancellationToken.None));
        Assert.Empty(await ListAsync(store, ""));
        var missing = await Assert.ThrowsAsync<DrException>(() => store.OpenReadAsync(key, CancellationToken.None));
        Assert.Equal(ErrorIds.StoreObjectNotFound, missing.ErrorId);

        await upload.CompleteAsync(CancellationToken.None);

        Assert.Equal(data.Length, Assert.Single(await ListAsync(store, "")).Size);
        Assert.Empty(await PendingUploadsAsync("invisible/"));
    }

    [Fact]
    public async Task Abort_LeavesNoObjectAndNoPendingUpload()
    {
        using var store = _moto.Store("abort", PartSize, concurrency: 2);
        const string key = "aborted.bin";
        var upload = await store.BeginUploadAsync(key, CancellationToken.None);
        await upload.Content.WriteAsync(TestData.Bytes(2 * PartSize + 1, seed: 3));
        await WaitForMultipartUploadAsync("abort/" + key);

        await upload.AbortAsync();
        await upload.DisposeAsync();

        Assert.Null(await store.GetInfoAsync(key, CancellationToken.None));
        Assert.Empty(await PendingUploadsAsync("abort/"));
    }

    [Fact]
    public async Task DisposeWithoutComplete_AfterTheCallerCancelled_StillAborts()
    {
        using var store = _moto.Store("dispose", PartSize, concurrency: 2);
        const string key = "cancelled.bin";
        using var cancel = new CancellationTokenSource();
        await using (var upload = await store.BeginUploadAsync(key, cancel.Token))
        {
            await upload.Content.WriteAsync(TestData.Bytes(PartSize + 100, seed: 4), cancel.Token);
            await WaitForMultipartUploadAsync("dispose/" + key);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload.CompleteAsync(cancel.Token));
        }

        Assert.Null(await store.GetInfoAsync(key, CancellationToken.None));
        Assert.Empty(await PendingUploadsAsync("dispose/"));
    }

    [Fact]
    public async Task RemoveIncompleteUploads_AbortsOnlyStaleUploadsUnderThePrefix()
    {
        using var store = _moto.Store("cleanup", PartSize);
        using var client = _moto.CreateClient();
        await UploadAsync(store, "backups/done.bin", TestData.Bytes(1000, seed: 5));
        await client.InitiateMultipartUploadAsync(MotoServer.Bucket, "cleanup/backups/killed-run.bin");
        await client.InitiateMultipartUploadAsync(MotoServer.Bucket, "cleanup/other/not-in-prefix.bin");
        await client.InitiateMultipartUploadAsync(MotoServer.Bucket, "cleanup-sibling/backups/other-store.bin");

        // moto reports every upload as initiated at 2010-11-10T20:48:33Z, so the cutoff is placed around that
        // instant: an upload started after the cutoff must stay, one started before it must go.
        var motoInitiated = new DateTime(2010, 11, 10, 20, 48, 33, DateTimeKind.Utc);
        Assert.Equal(0, await store.RemoveIncompleteUploadsAsync("backups/", motoInitiated.AddMinutes(-1), CancellationToken.None));
        Assert.Single(await PendingUploadsAsync("cleanup/backups/"));

        Assert.Equal(1, await store.RemoveIncompleteUploadsAsync("backups/", motoInitiated.AddMinutes(1), CancellationToken.None));

        Assert.Empty(await PendingUploadsAsync("cleanup/backups/"));
        Assert.Single(await PendingUploadsAsync("cleanup/other/"));
        Assert.Single(await PendingUploadsAsync("cleanup-sibling/"));
        Assert.NotNull(await store.GetInfoAsync("backups/done.bin", CancellationToken.None));
    }

    [Fact]
    public async Task List_FollowsPagesAndReturnsKeysRelativeToTheStorePrefix()
    {
        var store = new S3BackupStore($"s3://{MotoServer.Bucket}/tenant1", _moto.Options()) { ListPageSize = 2 };
        using var sibling = _moto.Store("tenant10");
        var expected = Enumerable.Range(1, 5).Select(i => $"qdrant/docs/run{i}/part.bin").ToList();
        foreach (var key in expected)
        {
            await UploadAsync(store, key, TestData.Bytes(10, seed: key.Length));
        }

        await UploadAsync(store, "redis/dump.rdb", TestData.Bytes(20, seed: 1));
        await UploadAsync(sibling, "qdrant/docs/run9/part.bin", TestData.Bytes(30, seed: 2));

        var listed = (await ListAsync(store, "qdrant/")).Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, listed);
        Assert.Equal(6, (await ListAsync(store, "")).Count);
        Assert.Equal(["redis/dump.rdb"], (await ListAsync(store, "re")).Select(o => o.Key));
        store.Dispose();
    }

    [Fact]
    public async Task Delete_RemovesTheObjectAndToleratesAMissingOne()
    {
        using var store = _moto.Store("delete");
        await UploadAsync(store, "gone.bin", TestData.Bytes(100, seed: 9));

        await store.DeleteAsync("gone.bin", CancellationToken.None);
        await store.DeleteAsync("gone.bin", CancellationToken.None);

        Assert.Null(await store.GetInfoAsync("gone.bin", CancellationToken.None));
    }

    [Fact]
    public async Task MissingBucket_IsStoreNotFound_ForListAndWrite()
    {
        using var store = new S3BackupStore("s3://no-such-bucket-here/x", _moto.Options());

        var list = await Assert.ThrowsAsync<DrException>(() => ListAsync(store, ""));
        Assert.Equal(ErrorIds.StoreNotFound, list.ErrorId);

        await using var upload = await store.BeginUploadAsync("a.bin", CancellationToken.None);
        await upload.Content.WriteAsync(TestData.Bytes(10, seed: 1));
        var write = await Assert.ThrowsAsync<DrException>(() => upload.CompleteAsync(CancellationToken.None));
        Assert.Equal(ErrorIds.StoreNotFound, write.ErrorId);
        Assert.DoesNotContain(MotoServer.SecretAccessKey, write.Message + write.RecommendedAction);
    }

    [Fact]
    public async Task ReadOfAMissingObject_IsStoreObjectNotFound()
    {
        using var store = _moto.Store("missing");
        var error = await Assert.ThrowsAsync<DrException>(() => store.OpenReadAsync("nothing/here.bin", CancellationToken.None));
        Assert.Equal(ErrorIds.StoreObjectNotFound, error.ErrorId);
    }

    private static async Task UploadAsync(IBackupStore store, string key, byte[] data)
    {
        await using var upload = await store.BeginUploadAsync(key, CancellationToken.None);
        // Uneven writes, as a network source would produce, so part boundaries fall mid-write.
        await new TrickleStream(data, seed: data.Length).CopyToAsync(upload.Content);
        await upload.CompleteAsync(CancellationToken.None);
    }

    private static async Task<List<StoreObjectInfo>> ListAsync(IBackupStore store, string prefix)
    {
        var items = new List<StoreObjectInfo>();
        await foreach (var item in store.ListAsync(prefix, CancellationToken.None))
        {
            items.Add(item);
        }

        return items;
    }

    private async Task<List<MultipartUpload>> PendingUploadsAsync(string prefix)
    {
        using var client = _moto.CreateClient();
        var response = await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = MotoServer.Bucket, Prefix = prefix });
        return response.MultipartUploads ?? [];
    }

    private async Task WaitForMultipartUploadAsync(string objectKey)
    {
        // Parts go out in the background; wait until S3 holds the upload so the test proves it gets removed.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await PendingUploadsAsync(objectKey)).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"No multipart upload for {objectKey} appeared.");
            await Task.Delay(50);
        }
    }
}
