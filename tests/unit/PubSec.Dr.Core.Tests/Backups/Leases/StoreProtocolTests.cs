using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Copy;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Backups.Retention;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.Azure;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.Backups.Retention;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Backups.Leases;

/// <summary>
/// The write/delete protocol between Copy-DrBackup and Invoke-DrRetention on one destination, staged step by step:
/// the destination holds an older copy of backup X (and a newer backup Y, so retention's plan deletes X) while X is
/// copied there again. Run against every store kind, because the protocol relies on each store's consistency.
/// </summary>
public abstract class StoreProtocolTests
{
    private static readonly DateTime Now = new(2026, 11, 20, 19, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A new, empty store of the kind under test.</summary>
    protected abstract Task<IBackupStore> NewStoreAsync();

    [Fact]
    public async Task RetentionWhileACopyWritesTheBackup_KeepsIt_AndTheListedCopyPassesQuick()
    {
        var (x, destination) = await SetUpAsync();
        var hooked = new HookedStore(destination);
        var gate = new Gate();
        hooked.BeforeBeginUpload = gate.At(key => key == x.ManifestKey);

        // The copy has skipped every part (all verified there) and is about to write the manifest when retention runs.
        var copying = new BackupCopier(hooked, NullOperationLog.Instance).CopyAsync(x, null, CancellationToken.None);
        await gate.ReachedAsync(Patience);
        var (decisions, failures) = await RetainAsync(destination);
        gate.Release();
        var result = await copying;

        Assert.Empty(failures);
        var decision = decisions.Single(d => d.BackupId == x.Id);
        Assert.Equal(RetentionAction.Keep, decision.Action);
        Assert.False(decision.Deleted);
        Assert.StartsWith("in use:", Assert.Single(decision.Reasons));
        Assert.Equal(2, result.PartsSkipped);
        var copy = (await ListAsync(destination)).Single(b => b.Id == x.Id);
        var report = await new IntegrityChecker(destination, NullOperationLog.Instance).CheckAsync(copy, IntegrityLevel.Quick, null, CancellationToken.None);
        Assert.Equal(IntegrityVerdict.Passed, report.Verdict);
        Assert.DoesNotContain(await KeysAsync(destination), LeaseObjects.IsLeaseKey);
    }

    [Fact]
    public async Task CopyWhileRetentionDeletesTheBackup_FailsWithBackupDeletionInProgress_AndARerunSucceeds()
    {
        var (x, destination) = await SetUpAsync();
        var hooked = new HookedStore(destination);
        var gate = new Gate();
        hooked.BeforeDelete = gate.At(key => key == x.ManifestKey);

        var retaining = RetainAsync(hooked);
        await gate.ReachedAsync(Patience);
        var error = await Assert.ThrowsAsync<DrException>(() => new BackupCopier(destination, NullOperationLog.Instance).CopyAsync(x, null, CancellationToken.None));
        gate.Release();
        var (decisions, failures) = await retaining;

        Assert.Equal(ErrorIds.BackupDeletionInProgress, error.ErrorId);
        Assert.Contains("Retention is deleting", error.Message);
        Assert.Empty(failures);
        Assert.True(decisions.Single(d => d.BackupId == x.Id).Deleted);
        Assert.DoesNotContain(x.Id, (await ListAsync(destination)).Select(b => b.Id));

        var again = await new BackupCopier(destination, NullOperationLog.Instance).CopyAsync(x, null, CancellationToken.None);
        Assert.Equal(2, again.PartsCopied);
        var report = await new IntegrityChecker(destination, NullOperationLog.Instance).CheckAsync(again.Copy!, IntegrityLevel.Quick, null, CancellationToken.None);
        Assert.Equal(IntegrityVerdict.Passed, report.Verdict);
        Assert.DoesNotContain(await KeysAsync(destination), LeaseObjects.IsLeaseKey);
    }

    [Fact]
    public async Task CopyWhosePartsVanishBeforeTheManifest_FailsWithManifestPartsNotInStore_AndIsNotListed()
    {
        var (x, destination) = await SetUpAsync();
        var hooked = new HookedStore(destination);
        var fired = false;
        // A deleter that honours no lease (another tool, a lifecycle rule) removes the backup right after the copy verified its last part.
        hooked.AfterRead = async key =>
        {
            if (key == x.AllParts[^1].Key && !fired)
            {
                fired = true;
                await destination.DeleteAsync(x.ManifestKey, CancellationToken.None);
                foreach (var part in x.AllParts)
                {
                    await destination.DeleteAsync(part.Key, CancellationToken.None);
                }
            }
        };

        var error = await Assert.ThrowsAsync<DrException>(() => new BackupCopier(hooked, NullOperationLog.Instance).CopyAsync(x, null, CancellationToken.None));

        Assert.True(fired);
        Assert.Equal(ErrorIds.ManifestPartsNotInStore, error.ErrorId);
        Assert.Contains($"{x.AllParts[0].Key} is missing", error.Message);
        Assert.DoesNotContain(x.Id, (await ListAsync(destination)).Select(b => b.Id));
        Assert.Null(await destination.GetInfoAsync(x.ManifestKey, CancellationToken.None));
    }

    [Fact]
    public async Task ALiveLeaseOfAWriterOnAnotherHost_MakesRetentionKeepTheBackup()
    {
        var (x, destination) = await SetUpAsync();
        await ForeignLease.WriteAsync(destination, BackupDeleter.FolderOf(x), host: "backup-runner-7", expiresIn: TimeSpan.FromMinutes(5));

        var (decisions, failures) = await RetainAsync(destination);

        Assert.Empty(failures);
        var decision = decisions.Single(d => d.BackupId == x.Id);
        Assert.Equal(RetentionAction.Keep, decision.Action);
        Assert.Contains("backup-runner-7", decision.Reasons[0]);
        Assert.Contains(x.Id, (await ListAsync(destination)).Select(b => b.Id));
    }

    [Fact]
    public async Task AnExpiredLease_DoesNotBlockRetention_AndIsRemovedWithTheBackup()
    {
        var (x, destination) = await SetUpAsync();
        var folder = BackupDeleter.FolderOf(x);
        var lease = await ForeignLease.WriteAsync(destination, folder, host: "backup-runner-7", expiresIn: TimeSpan.FromMinutes(-1), durationSeconds: 0);

        var (decisions, failures) = await RetainAsync(destination);

        Assert.Empty(failures);
        Assert.True(decisions.Single(d => d.BackupId == x.Id).Deleted);
        Assert.DoesNotContain(await KeysAsync(destination), key => key.StartsWith(folder, StringComparison.Ordinal));
        Assert.Null(await destination.GetInfoAsync(lease, CancellationToken.None));
    }

    [Fact]
    public async Task TwoCopiesOfOneBackupIntoOneStore_TheSecondIsRefusedWithCopyAlreadyRunning()
    {
        var (x, destination) = await SetUpAsync();
        var hooked = new HookedStore(destination);
        var gate = new Gate();
        hooked.BeforeBeginUpload = gate.At(key => key == x.ManifestKey);

        var first = new BackupCopier(hooked, NullOperationLog.Instance).CopyAsync(x, null, CancellationToken.None);
        await gate.ReachedAsync(Patience);
        var error = await Assert.ThrowsAsync<DrException>(() => new BackupCopier(destination, NullOperationLog.Instance).CopyAsync(x, null, CancellationToken.None));
        gate.Release();
        await first;

        Assert.Equal(ErrorIds.CopyAlreadyRunning, error.ErrorId);
        Assert.Contains(x.Id, (await ListAsync(destination)).Select(b => b.Id));
    }

    private async Task<(DrBackup X, IBackupStore Destination)> SetUpAsync()
    {
        var source = await NewStoreAsync();
        var destination = await NewStoreAsync();
        await SyntheticBackup.WriteAsync(source, "docs", "20261010T101542Z-abc123", shardNumber: 2,
        [
            new(new QdrantSnapshotBuilder(shardNumber: 2).WithData(0), 0),
            new(new QdrantSnapshotBuilder(shardNumber: 2).WithData(1), 1),
        ], startedAt: Now.AddDays(-41));
        var x = Assert.Single(await ListAsync(source));
        await new BackupCopier(destination, NullOperationLog.Instance).CopyAsync(x, null, CancellationToken.None);
        await SyntheticBackup.WriteAsync(destination, "docs", "20261119T180000Z-def456", shardNumber: 1,
            [new(new QdrantSnapshotBuilder(shardNumber: 1).WithData(0), 0)], startedAt: Now.AddDays(-1));
        return (x, destination);
    }

    private static async Task<(List<RetentionDecision> Decisions, List<DrException> Failures)> RetainAsync(IBackupStore store)
    {
        var listed = await ListAsync(store);
        var plan = RetentionPlanner.Plan(listed, RetentionPolicySet.Create(null), Now, RetentionCatalog.NewestPasses(listed));
        var decisions = new List<RetentionDecision>();
        var failures = new List<DrException>();
        await new RetentionExecutor(store).ApplyAsync(plan, _ => true, (d, ex) =>
        {
            decisions.Add(d);
            if (ex is not null)
            {
                failures.Add(ex);
            }
        }, null, CancellationToken.None);
        return (decisions, failures);
    }

    private static Task<IReadOnlyList<DrBackup>> ListAsync(IBackupStore store) =>
        new BackupCatalog(store).ListAsync(new BackupQuery(), CancellationToken.None);

    private static async Task<List<string>> KeysAsync(IBackupStore store)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync("", CancellationToken.None))
        {
            keys.Add(item.Key);
        }

        return keys;
    }
}

public sealed class FolderStoreProtocolTests : StoreProtocolTests, IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    protected override Task<IBackupStore> NewStoreAsync() =>
        Task.FromResult<IBackupStore>(new FolderBackupStore(Path.Combine(_root.Path, Guid.NewGuid().ToString("N"))));
}

public sealed class S3StoreProtocolTests(MotoServer moto) : StoreProtocolTests, IClassFixture<MotoServer>
{
    protected override Task<IBackupStore> NewStoreAsync() =>
        Task.FromResult<IBackupStore>(moto.Store("protocol-" + Guid.NewGuid().ToString("N")[..12]));
}

public sealed class AzureStoreProtocolTests(AzuriteServer azurite) : StoreProtocolTests, IClassFixture<AzuriteServer>
{
    protected override async Task<IBackupStore> NewStoreAsync()
    {
        var container = await azurite.CreateContainerAsync("t-" + Guid.NewGuid().ToString("N"));
        return new AzureBlobBackupStore($"az://{container.Name}/backups", new BackupStoreOptions { ConnectionString = azurite.ConnectionString });
    }
}
