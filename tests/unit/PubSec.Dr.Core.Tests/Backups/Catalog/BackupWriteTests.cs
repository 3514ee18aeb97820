using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Backups.Catalog;

/// <summary>The write lifecycle every backup kind shares: whatever ends a write before its manifest leaves nothing behind.</summary>
public sealed class BackupWriteTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 3, 1, 10, 15, 42, DateTimeKind.Utc);
    private readonly TempDirectory _root = new();
    private readonly FolderBackupStore _store;

    public BackupWriteTests() => _store = new FolderBackupStore(_root.Path);

    public void Dispose() => _root.Dispose();

    private static BackupWriteTarget Target => BackupWriteTarget.Redis("cache", "20260301T101542Z-abc123", T0);

    [Fact]
    public async Task ACommittedWrite_KeepsItsPartsAndManifest_AndReleasesItsLease()
    {
        var backup = NewBackup();
        await using (var write = await BackupWrite.BeginAsync(_store, Target, NullOperationLog.Instance, CancellationToken.None))
        {
            backup.Parts = [await StoreAsync(write, "part-a", 1000)];
            await write.CommitAsync(backup, signer: null, CancellationToken.None);
        }

        var files = _root.AllFiles().Select(f => Path.GetFileName(f)!).Order().ToArray();
        Assert.Equal([BackupLayout.ManifestName, "part-a"], files);
    }

    [Fact]
    public async Task AWriteThatEndsBeforeItsManifest_RemovesEveryStoredPart()
    {
        await using (var write = await BackupWrite.BeginAsync(_store, Target, NullOperationLog.Instance, CancellationToken.None))
        {
            await StoreAsync(write, "part-a", 1000);
            await StoreAsync(write, "part-b", 2000);
            Assert.Equal(2, _root.AllFiles().Count(f => f.Contains("part-", StringComparison.Ordinal)));
        }

        Assert.Empty(_root.AllFiles());
    }

    [Fact]
    public async Task AManifestThatCannotBeWritten_IsStoreWriteFailed_AndTakesThePartsWithIt()
    {
        var hooked = new HookedStore(_store)
        {
            BeforeBeginUpload = key => key.EndsWith("/" + BackupLayout.ManifestName, StringComparison.Ordinal)
                ? throw new IOException("No space left on device") : Task.CompletedTask,
        };
        var backup = NewBackup();
        var write = await BackupWrite.BeginAsync(hooked, Target, NullOperationLog.Instance, CancellationToken.None);
        await using (write)
        {
            backup.Parts = [await StoreAsync(write, "part-a", 1000)];

            var error = await Assert.ThrowsAsync<DrException>(() => write.CommitAsync(backup, signer: null, CancellationToken.None));

            Assert.Equal(ErrorIds.StoreWriteFailed, error.ErrorId);
            Assert.Contains(BackupLayout.ManifestName, error.Message);
        }

        Assert.Empty(_root.AllFiles());
    }

    [Fact]
    public async Task APartWhoseStreamFails_IsAbortedAndNeverStored()
    {
        await using (var write = await BackupWrite.BeginAsync(_store, Target, NullOperationLog.Instance, CancellationToken.None))
        {
            var key = Target.Prefix + "part-a";
            var error = await Assert.ThrowsAsync<DrException>(() => write.StorePartAsync<int>(key, async (content, ct) =>
            {
                await content.WriteAsync(TestData.Bytes(5000, seed: 2), ct);
                throw new IOException("the source was cut");
            }, CancellationToken.None));

            Assert.Equal(ErrorIds.StoreWriteFailed, error.ErrorId);
            Assert.Null(await _store.GetInfoAsync(key, CancellationToken.None));
            // Only the run's own lease is left while the write is open: no partial file, no part.
            Assert.All(_root.AllFiles(), f => Assert.DoesNotContain("part-a", f, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ASecondWriterOfTheSameSource_IsRefusedWhileTheFirstIsLive()
    {
        await using var first = await BackupWrite.BeginAsync(_store, Target, NullOperationLog.Instance, CancellationToken.None);

        var second = BackupWriteTarget.Redis("cache", "20260301T101600Z-def456", T0.AddSeconds(18));
        var error = await Assert.ThrowsAsync<DrException>(() => BackupWrite.BeginAsync(_store, second, NullOperationLog.Instance, CancellationToken.None));

        Assert.Equal(ErrorIds.BackupAlreadyRunning, error.ErrorId);
        // The refused run released its own lease: only the first run's remains.
        Assert.Single(_root.AllFiles());
    }

    private static RedisBackup NewBackup() => new()
    {
        Id = Target.BackupId,
        Name = Target.Source,
        Mode = RedisBackupMode.Logical,
        StartedAt = T0,
        CompletedAt = T0.AddSeconds(3),
        Status = BackupStatus.Succeeded,
    };

    private static async Task<BackupPart> StoreAsync(BackupWrite write, string name, int size)
    {
        var key = write.Target.Prefix + name;
        var data = TestData.Bytes(size, seed: size);
        await write.StorePartAsync(key, async (content, ct) =>
        {
            await content.WriteAsync(data, ct);
            return 0;
        }, CancellationToken.None);
        return new BackupPart { Key = key, Size = size, Sha256 = TestData.Sha256Hex(data) };
    }
}
