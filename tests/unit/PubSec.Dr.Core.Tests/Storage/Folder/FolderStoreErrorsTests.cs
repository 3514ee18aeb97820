using PubSec.Dr.Errors;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Storage.Folder;

/// <summary>The folder store raises store errors, as S3 and Azure do, never a bare IOException.</summary>
public sealed class FolderStoreErrorsTests : IDisposable
{
    private const string Key = "qdrant/docs/20260301T101542Z-abc123/node0-1.snapshot";
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task AFullVolume_IsStoreWriteFailed_SayingTheVolumeIsFull()
    {
        // /dev/full fails every write with ENOSPC, exactly as a full volume does.
        await using var stream = new FolderWriteStream(new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.Asynchronous), _root.Path, Key);

        var error = await Assert.ThrowsAsync<DrException>(async () => await stream.WriteAsync(new byte[4096]));

        Assert.Equal(ErrorIds.StoreWriteFailed, error.ErrorId);
        Assert.Equal(DrErrorCategory.WriteError, error.Category);
        Assert.Contains("the volume is full", error.Message);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Fact]
    public async Task ACompletionThatCannotRename_IsStoreWriteFailed_AndTheAbortLeavesNothing()
    {
        var store = new FolderBackupStore(_root.Path);
        var upload = await store.BeginUploadAsync(Key, CancellationToken.None);
        await upload.Content.WriteAsync(TestData.Bytes(10_000, seed: 3));
        // The object's folder is replaced by a file: the rename into place must fail, as on a volume gone bad.
        var folder = Path.Combine(_root.Path, "qdrant", "docs", "20260301T101542Z-abc123");
        Directory.Delete(folder, recursive: true);
        await File.WriteAllTextAsync(folder, "not a folder");

        var error = await Assert.ThrowsAsync<DrException>(() => upload.CompleteAsync(CancellationToken.None));
        await upload.DisposeAsync();

        Assert.Equal(ErrorIds.StoreWriteFailed, error.ErrorId);
        Assert.Contains(Key, error.Message);
        Assert.Null(await store.GetInfoAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task DeletingUnderAFileInsteadOfAFolder_IsAStoreError()
    {
        var store = new FolderBackupStore(_root.Path);
        await File.WriteAllTextAsync(Path.Combine(_root.Path, "qdrant"), "a file where a folder should be");

        // Deleting a missing object is not an error (S3 and Azure agree); a path through a file is.
        var error = await Assert.ThrowsAsync<DrException>(() => store.DeleteAsync(Key, CancellationToken.None));

        Assert.Equal(ErrorIds.StoreWriteFailed, error.ErrorId);
    }
}
