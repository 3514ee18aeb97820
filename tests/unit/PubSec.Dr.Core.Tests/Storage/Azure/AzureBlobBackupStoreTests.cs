using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.Azure;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Storage.Azure;

public sealed class AzureBlobBackupStoreTests : IClassFixture<AzuriteServer>
{
    private const int BlockSize = 256 * 1024;
    private const string Key = "qdrant/docs/20260301T101542Z-abc123/node0-1.snapshot";
    private readonly AzuriteServer _azurite;

    public AzureBlobBackupStoreTests(AzuriteServer azurite) => _azurite = azurite;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(BlockSize)]
    [InlineData(BlockSize + 1)]
    [InlineData(3 * BlockSize + 17)]
    public async Task Upload_RoundTripsByteExact(int size)
    {
        var store = await NewStoreAsync();
        var data = TestData.Bytes(size, seed: size);

        await UploadAsync(store, Key, data);

        var info = await store.GetInfoAsync(Key, CancellationToken.None);
        Assert.NotNull(info);
        Assert.Equal(size, info.Size);
        await using var read = await store.OpenReadAsync(Key, CancellationToken.None);
        Assert.Equal(TestData.Sha256Hex(data), TestData.Sha256Hex(await TestData.ReadAllAsync(read)));
    }

    [Fact]
    public async Task Upload_ManySmallBlocksInParallel_RoundTripsByteExact()
    {
        var store = await NewStoreAsync(new BackupStoreOptions
        {
            ConnectionString = _azurite.ConnectionString, PartSizeBytes = 1 << 20, Concurrency = 4,
        });
        var data = TestData.Bytes(40 * (1 << 20) + 12345, seed: 40);

        await UploadAsync(store, Key, data);

        var blob = new global::Azure.Storage.Blobs.Specialized.BlockBlobClient(_azurite.ConnectionString, store.ContainerName, store.Prefix + Key);
        var blocks = (await blob.GetBlockListAsync(BlockListTypes.Committed)).Value.CommittedBlocks.ToList();
        Assert.Equal(41, blocks.Count);
        Assert.Single(blocks.Select(b => b.Name.Length).Distinct());
        await using var read = await store.OpenReadAsync(Key, CancellationToken.None);
        Assert.Equal(TestData.Sha256Hex(data), TestData.Sha256Hex(await TestData.ReadAllAsync(read)));
    }

    [Fact]
    public async Task Upload_IsInvisibleUntilCompleted()
    {
        var store = await NewStoreAsync();
        var data = TestData.Bytes(3 * BlockSize + 5, seed: 3);
        var upload = await store.BeginUploadAsync(Key, CancellationToken.None);
        await upload.Content.WriteAsync(data);
        await upload.Content.FlushAsync();
        // Let the staged blocks land, so the check below sees them on the server and not only in flight.
        await WaitForUncommittedAsync(store, Key);

        Assert.Null(await store.GetInfoAsync(Key, CancellationToken.None));
        Assert.Empty(await ListAsync(store, ""));
        var missing = await Assert.ThrowsAsync<DrException>(() => store.OpenReadAsync(Key, CancellationToken.None));
        Assert.Equal(ErrorIds.StoreObjectNotFound, missing.ErrorId);

        await upload.CompleteAsync(CancellationToken.None);
        await upload.DisposeAsync();

        var listed = Assert.Single(await ListAsync(store, "qdrant/"));
        Assert.Equal(Key, listed.Key);
        Assert.Equal(data.Length, listed.Size);
    }

    [Fact]
    public async Task AbortAndDispose_LeaveNothingListed()
    {
        var store = await NewStoreAsync();
        var aborted = await store.BeginUploadAsync("a/aborted", CancellationToken.None);
        await aborted.Content.WriteAsync(TestData.Bytes(2 * BlockSize + 3, seed: 4));
        await aborted.AbortAsync();
        await using (var disposed = await store.BeginUploadAsync("a/disposed", CancellationToken.None))
        {
            await disposed.Content.WriteAsync(TestData.Bytes(2 * BlockSize + 3, seed: 5));
        }

        Assert.Empty(await ListAsync(store, ""));
        Assert.Null(await store.GetInfoAsync("a/aborted", CancellationToken.None));
        Assert.Null(await store.GetInfoAsync("a/disposed", CancellationToken.None));
    }

    [Fact]
    public async Task Abort_DiscardsTheBlocksItStaged_AsAnAbortedMultipartUploadWould()
    {
        var store = await NewStoreAsync();
        var upload = await store.BeginUploadAsync("a/cancelled", CancellationToken.None);
        await upload.Content.WriteAsync(TestData.Bytes(3 * BlockSize + 1, seed: 8));
        await upload.Content.FlushAsync();
        await WaitForUncommittedAsync(store, "a/cancelled");

        await upload.AbortAsync();

        Assert.Empty(await UncommittedOnlyAsync(store));
        Assert.Empty(await ListAsync(store, ""));
    }

    [Fact]
    public async Task RemoveIncompleteUploads_RemovesOnlyOldUncommittedBlobsUnderThePrefix()
    {
        var store = await NewStoreAsync();
        await UploadAsync(store, "qdrant/done", TestData.Bytes(BlockSize + 1, seed: 6));
        await StageOnlyAsync(store, "qdrant/killed");
        await StageOnlyAsync(store, "redis/killed");

        Assert.Equal(0, await store.RemoveIncompleteUploadsAsync("qdrant/", DateTime.UtcNow.AddHours(-1), CancellationToken.None));
        Assert.Equal(2, (await UncommittedOnlyAsync(store)).Count);

        Assert.Equal(1, await store.RemoveIncompleteUploadsAsync("qdrant/", DateTime.UtcNow.AddMinutes(1), CancellationToken.None));

        Assert.Equal([store.Prefix + "redis/killed"], await UncommittedOnlyAsync(store));
        var done = Assert.Single(await ListAsync(store, ""));
        Assert.Equal("qdrant/done", done.Key);
        Assert.Equal(BlockSize + 1, done.Size);
        Assert.Equal(1, await store.RemoveIncompleteUploadsAsync("", DateTime.UtcNow.AddMinutes(1), CancellationToken.None));
        Assert.Empty(await UncommittedOnlyAsync(store));
        Assert.Single(await ListAsync(store, ""));
    }

    [Fact]
    public async Task RemoveIncompleteUploads_LeavesACommittedBlobWithPendingBlocksIntact()
    {
        var store = await NewStoreAsync();
        var data = TestData.Bytes(BlockSize + 9, seed: 7);
        await UploadAsync(store, "qdrant/done", data);
        await StageOnlyAsync(store, "qdrant/done");

        Assert.Equal(0, await store.RemoveIncompleteUploadsAsync("", DateTime.UtcNow.AddMinutes(1), CancellationToken.None));

        await using var read = await store.OpenReadAsync("qdrant/done", CancellationToken.None);
        Assert.Equal(data, await TestData.ReadAllAsync(read));
    }

    [Fact]
    public async Task List_ReturnsKeysRelativeToTheStorePrefix_AndOnlyUnderIt()
    {
        var container = await _azurite.CreateContainerAsync(NewContainerName());
        var store = new AzureBlobBackupStore($"az://{container.Name}/tenant-a", Options());
        var other = new AzureBlobBackupStore($"az://{container.Name}/tenant-ab", Options());
        await UploadAsync(store, "qdrant/one", [1]);
        await UploadAsync(store, "qdrant/two", [2, 2]);
        await UploadAsync(store, "redis/three", [3, 3, 3]);
        await UploadAsync(other, "qdrant/foreign", [4]);

        var qdrant = await ListAsync(store, "qdrant/");
        Assert.Equal(["qdrant/one", "qdrant/two"], qdrant.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Equal(3, (await ListAsync(store, "")).Count);
        Assert.Equal(["qdrant/foreign"], (await ListAsync(other, "")).Select(o => o.Key));
        Assert.True(await container.GetBlobClient("tenant-a/redis/three").ExistsAsync());
    }

    [Fact]
    public async Task Delete_RemovesTheObject_AndAMissingObjectIsNotAnError()
    {
        var store = await NewStoreAsync();
        await UploadAsync(store, Key, [1, 2, 3]);

        await store.DeleteAsync(Key, CancellationToken.None);
        await store.DeleteAsync(Key, CancellationToken.None);

        Assert.Null(await store.GetInfoAsync(Key, CancellationToken.None));
        Assert.Empty(await ListAsync(store, ""));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a//b")]
    [InlineData("/abs")]
    public async Task UnsafeKey_IsRejectedBeforeAnyRequest(string key)
    {
        var store = await NewStoreAsync();
        var error = await Assert.ThrowsAsync<DrException>(() => store.BeginUploadAsync(key, CancellationToken.None));
        Assert.Equal(ErrorIds.StoreKeyInvalid, error.ErrorId);
    }

    private async Task<AzureBlobBackupStore> NewStoreAsync(BackupStoreOptions? options = null)
    {
        var container = await _azurite.CreateContainerAsync(NewContainerName());
        return new AzureBlobBackupStore($"az://{container.Name}/backups", options ?? Options());
    }

    private BackupStoreOptions Options() =>
        new() { ConnectionString = _azurite.ConnectionString, PartSizeBytes = BlockSize, Concurrency = 3 };

    internal static string NewContainerName() => "t-" + Guid.NewGuid().ToString("N");

    internal static async Task UploadAsync(IBackupStore store, string key, byte[] data)
    {
        await using var upload = await store.BeginUploadAsync(key, CancellationToken.None);
        await new TrickleStream(data, seed: data.Length, maxRead: 100_000).CopyToAsync(upload.Content);
        await upload.CompleteAsync(CancellationToken.None);
    }

    internal static async Task<List<StoreObjectInfo>> ListAsync(IBackupStore store, string prefix)
    {
        var result = new List<StoreObjectInfo>();
        await foreach (var item in store.ListAsync(prefix, CancellationToken.None))
        {
            result.Add(item);
        }

        return result;
    }

    // A run killed mid-upload: a block staged, never committed, never aborted (a killed process cannot abort).
    private async Task StageOnlyAsync(AzureBlobBackupStore store, string key)
    {
        var blob = _azurite.Service.GetBlobContainerClient(store.ContainerName).GetBlockBlobClient(store.Prefix + key);
        using var block = new MemoryStream(TestData.Bytes(BlockSize + 1, seed: key.Length));
        await blob.StageBlockAsync(Convert.ToBase64String(new byte[16]), block);
        await WaitForUncommittedAsync(store, key);
    }

    private async Task WaitForUncommittedAsync(AzureBlobBackupStore store, string key)
    {
        var container = _azurite.Service.GetBlobContainerClient(store.ContainerName);
        var options = new GetBlobsOptions { Prefix = store.Prefix + key, States = BlobStates.Uncommitted };
        for (var i = 0; i < 100; i++)
        {
            await foreach (var item in container.GetBlobsAsync(options))
            {
                if (item.Name == store.Prefix + key)
                {
                    return;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No block of '{key}' was staged within 5 s.");
    }

    private async Task<List<string>> UncommittedOnlyAsync(AzureBlobBackupStore store)
    {
        var container = _azurite.Service.GetBlobContainerClient(store.ContainerName);
        var committed = new HashSet<string>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions()))
        {
            committed.Add(item.Name);
        }

        var result = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { States = BlobStates.Uncommitted }))
        {
            if (!committed.Contains(item.Name))
            {
                result.Add(item.Name);
            }
        }

        return result;
    }
}
