using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Storage.Folder;

public sealed class FolderBackupStoreTests : IDisposable
{
    private const string Key = "qdrant/docs/20260301T101542Z-abc123/node0-1.snapshot";
    private readonly TempDirectory _root = new();
    private readonly FolderBackupStore _store;

    public FolderBackupStoreTests() => _store = new FolderBackupStore(_root.Path);

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Upload_IntoAFolderThatCannotBeWritten_IsStoreNotWritable()
    {
        // A file where the store folder should be: no directory can be made under it, whoever runs the test.
        var file = Path.Combine(_root.Path, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");
        var store = new FolderBackupStore(Path.Combine(file, "backups"));

        var error = await Assert.ThrowsAsync<DrException>(() => store.BeginUploadAsync(Key, CancellationToken.None));

        Assert.Equal(ErrorIds.StoreNotWritable, error.ErrorId);
        Assert.Equal(DrErrorCategory.WriteError, error.Category);
    }

    [Fact]
    public async Task Upload_IsInvisibleUntilCompleted()
    {
        var data = TestData.Bytes(300_000, seed: 1);
        var upload = await _store.BeginUploadAsync(Key, CancellationToken.None);
        await upload.Content.WriteAsync(data);
        await upload.Content.FlushAsync();

        Assert.Null(await _store.GetInfoAsync(Key, CancellationToken.None));
        Assert.Empty(await ListAsync(""));
        Assert.Empty(await ListAsync("qdrant/"));
        var missing = await Assert.ThrowsAsync<DrException>(() => _store.OpenReadAsync(Key, CancellationToken.None));
        Assert.Equal(ErrorIds.StoreObjectNotFound, missing.ErrorId);
        // The bytes do exist on disk, under a partial name: only completion makes them the object.
        Assert.Single(_root.AllFiles());

        await upload.CompleteAsync(CancellationToken.None);
        await upload.DisposeAsync();

        var info = await _store.GetInfoAsync(Key, CancellationToken.None);
        Assert.NotNull(info);
        Assert.Equal(data.Length, info.Size);
        var listed = Assert.Single(await ListAsync("qdrant/"));
        Assert.Equal(Key, listed.Key);
        Assert.Equal(data.Length, listed.Size);
        await using var read = await _store.OpenReadAsync(Key, CancellationToken.None);
        Assert.Equal(data, await TestData.ReadAllAsync(read));
        Assert.Equal([Key], _root.AllFiles());
    }

    [Fact]
    public async Task Abort_LeavesNoFileAndNothingListed()
    {
        var upload = await _store.BeginUploadAsync(Key, CancellationToken.None);
        await upload.Content.WriteAsync(TestData.Bytes(10_000, seed: 2));
        await upload.AbortAsync();

        Assert.Empty(_root.AllFiles());
        Assert.Empty(await ListAsync(""));
        Assert.Null(await _store.GetInfoAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task DisposeWithoutComplete_LeavesNoFileAndNothingListed()
    {
        await using (var upload = await _store.BeginUploadAsync(Key, CancellationToken.None))
        {
            await upload.Content.WriteAsync(TestData.Bytes(10_000, seed: 3));
        }

        Assert.Empty(_root.AllFiles());
        Assert.Empty(await ListAsync(""));
        Assert.Null(await _store.GetInfoAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task AbortAfterComplete_KeepsTheObject()
    {
        var upload = await _store.BeginUploadAsync(Key, CancellationToken.None);
        await upload.Content.WriteAsync(new byte[] { 1, 2, 3 });
        await upload.CompleteAsync(CancellationToken.None);
        await upload.AbortAsync();
        await upload.DisposeAsync();

        Assert.Equal(3, (await _store.GetInfoAsync(Key, CancellationToken.None))?.Size);
    }

    [Fact]
    public async Task PartialFileOfACrashedUpload_IsNotListed()
    {
        await WriteAsync("qdrant/docs/id/manifest.json", [1]);
        // What a killed process leaves behind: a partial file that never got renamed.
        File.WriteAllBytes(Path.Combine(_root.Path, "qdrant", "docs", "id", "node0-1.snapshot" + FolderBackupStore.PartialMarker + Guid.NewGuid().ToString("N")), [1, 2]);

        var listed = await ListAsync("");
        Assert.Equal(["qdrant/docs/id/manifest.json"], listed.Select(item => item.Key));
    }

    [Fact]
    public async Task Complete_ReplacesAnExistingObjectAtomically()
    {
        var first = TestData.Bytes(200_000, seed: 4);
        var second = TestData.Bytes(150_000, seed: 5);
        await WriteAsync(Key, first);

        var replacing = await _store.BeginUploadAsync(Key, CancellationToken.None);
        await replacing.Content.WriteAsync(second);
        await replacing.Content.FlushAsync();

        // While the new version is being written, readers see the old one, whole.
        Assert.Equal(first.Length, (await _store.GetInfoAsync(Key, CancellationToken.None))?.Size);
        await using var reader = await _store.OpenReadAsync(Key, CancellationToken.None);
        var head = new byte[1000];
        await reader.ReadExactlyAsync(head);

        await replacing.CompleteAsync(CancellationToken.None);

        // A reader that opened the old version still gets the old version to its end.
        var rest = await TestData.ReadAllAsync(reader);
        Assert.Equal(first, head.Concat(rest).ToArray());

        await using var fresh = await _store.OpenReadAsync(Key, CancellationToken.None);
        Assert.Equal(second, await TestData.ReadAllAsync(fresh));
        Assert.Equal([Key], _root.AllFiles());
    }

    [Fact]
    public async Task ListAsync_ReturnsOnlyKeysStartingWithThePrefix()
    {
        string[] keys =
        [
            "qdrant/a/1/manifest.json",
            "qdrant/a/1/node0-1.snapshot",
            "qdrant/ab/2/manifest.json",
            "qdrant/b/3/manifest.json",
            "redis/a/4/manifest.json",
            "top.json",
        ];
        foreach (var key in keys)
        {
            await WriteAsync(key, [42]);
        }

        Assert.Equal(keys, await KeysAsync(""));
        Assert.Equal(keys[..4], await KeysAsync("qdrant/"));
        Assert.Equal(keys[..2], await KeysAsync("qdrant/a/"));
        Assert.Equal(keys[..3], await KeysAsync("qdrant/a"));
        Assert.Equal(["qdrant/a/1/manifest.json"], await KeysAsync("qdrant/a/1/man"));
        Assert.Equal(["top.json"], await KeysAsync("top"));
        Assert.Empty(await KeysAsync("qdrant/c/"));
        Assert.Empty(await KeysAsync("nothing/here/"));
    }

    [Fact]
    public async Task ListAsync_ReportsSizes()
    {
        await WriteAsync("x/one", new byte[1]);
        await WriteAsync("x/many", new byte[12345]);

        var sizes = (await ListAsync("x/")).ToDictionary(item => item.Key, item => item.Size);
        Assert.Equal(1, sizes["x/one"]);
        Assert.Equal(12345, sizes["x/many"]);
    }

    [Fact]
    public async Task OpenRead_OfMissingKey_ThrowsStoreObjectNotFound()
    {
        var error = await Assert.ThrowsAsync<DrException>(() => _store.OpenReadAsync("qdrant/none/manifest.json", CancellationToken.None));
        Assert.Equal(ErrorIds.StoreObjectNotFound, error.ErrorId);
        Assert.Equal(DrErrorCategory.ObjectNotFound, error.Category);
        Assert.Equal("qdrant/none/manifest.json", error.Target);
        Assert.Contains(_store.Location, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetInfo_OfMissingKey_IsNull() =>
        Assert.Null(await _store.GetInfoAsync("qdrant/none/manifest.json", CancellationToken.None));

    [Fact]
    public async Task Delete_RemovesTheObject()
    {
        await WriteAsync(Key, [1, 2, 3]);
        await _store.DeleteAsync(Key, CancellationToken.None);

        Assert.Null(await _store.GetInfoAsync(Key, CancellationToken.None));
        Assert.Empty(_root.AllFiles());
    }

    [Theory]
    [InlineData("../escaped")]
    [InlineData("a/../../escaped")]
    [InlineData("/tmp/escaped")]
    [InlineData("..\\escaped")]
    [InlineData("a/./b")]
    public async Task KeysCannotEscapeTheRoot(string key)
    {
        using var outer = new TempDirectory();
        var store = new FolderBackupStore(Path.Combine(outer.Path, "store"));

        await AssertKeyInvalid(() => store.BeginUploadAsync(key, CancellationToken.None));
        await AssertKeyInvalid(() => store.OpenReadAsync(key, CancellationToken.None));
        await AssertKeyInvalid(() => store.GetInfoAsync(key, CancellationToken.None));
        await AssertKeyInvalid(() => store.DeleteAsync(key, CancellationToken.None));
        Assert.Empty(outer.AllFiles());
    }

    [Fact]
    public async Task HostileCollectionName_IsStoredInsideItsOwnFolder()
    {
        var prefix = BackupLayout.QdrantPrefix("../../outside", "id1");
        await WriteAsync(BackupLayout.Manifest(prefix), [1]);

        Assert.Equal(["qdrant/..%2F..%2Foutside/id1/manifest.json"], _root.AllFiles());
    }

    [Fact]
    public async Task ListAsync_ListsCompletedObjectsWhoseFolderNameContainsThePartialMarker()
    {
        // StoreKey.Segment leaves '.' and '-' alone, and Qdrant allows both in collection names.
        var manifest = BackupLayout.Manifest(BackupLayout.QdrantPrefix("logs.partial-2026", "id1"));
        await WriteAsync(manifest, [1]);

        Assert.NotNull(await _store.GetInfoAsync(manifest, CancellationToken.None));
        Assert.Equal([manifest], await KeysAsync("qdrant/"));
    }

    [Fact]
    public async Task Upload_ForAnyValidCollectionName_SucceedsOrFailsWithADrException()
    {
        var collection = PubSec.Dr.Qdrant.Client.CollectionName.Validate(string.Concat(Enumerable.Repeat("ж", 45)));
        var manifest = BackupLayout.Manifest(BackupLayout.QdrantPrefix(collection, "id1"));

        try
        {
            await WriteAsync(manifest, [1]);
        }
        catch (Exception ex)
        {
            Assert.IsType<DrException>(ex);
            return;
        }

        Assert.Equal([manifest], await KeysAsync("qdrant/"));
    }

    [Fact]
    public void Location_IsAFileUriOfTheRootEndingWithASlash()
    {
        var uri = new Uri(_store.Location);
        Assert.True(uri.IsFile);
        Assert.EndsWith("/", _store.Location, StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(_root.Path), Path.TrimEndingDirectorySeparator(uri.LocalPath));
        Assert.Equal(Path.GetFullPath(_root.Path), _store.RootPath);
    }

    private static async Task AssertKeyInvalid(Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<DrException>(action);
        Assert.Equal(ErrorIds.StoreKeyInvalid, error.ErrorId);
    }

    private async Task WriteAsync(string key, byte[] data)
    {
        await using var upload = await _store.BeginUploadAsync(key, CancellationToken.None);
        await upload.Content.WriteAsync(data);
        await upload.CompleteAsync(CancellationToken.None);
    }

    private async Task<List<StoreObjectInfo>> ListAsync(string prefix)
    {
        var items = new List<StoreObjectInfo>();
        await foreach (var item in _store.ListAsync(prefix, CancellationToken.None))
        {
            items.Add(item);
        }

        return items;
    }

    private async Task<string[]> KeysAsync(string prefix) =>
        (await ListAsync(prefix)).Select(item => item.Key).Order(StringComparer.Ordinal).ToArray();
}
