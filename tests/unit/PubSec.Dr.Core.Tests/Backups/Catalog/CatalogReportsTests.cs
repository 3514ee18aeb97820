using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Backups.Catalog;

/// <summary>A listing never goes silent: what a filter asked for that is not there, and parts left without a manifest, are said.</summary>
public sealed class CatalogReportsTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _root = new();
    private readonly FolderBackupStore _store;

    public CatalogReportsTests() => _store = new FolderBackupStore(_root.Path);

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task ABackupWhoseManifestWasDeleted_IsNotListed_ButReportedWithItsFolder()
    {
        var gone = await SyntheticBackup.WriteAsync(_store, "docs", "20260301T000000Z-aaaaaa", 1, [new(new QdrantSnapshotBuilder(1).WithData(0), 0)]);
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "docs", "20260302T000000Z-bbbbbb", T0.AddDays(1));
        await _store.DeleteAsync(gone.ManifestKey, CancellationToken.None);
        // An old enough folder: no writer of any version can still be filling it.
        File.SetLastWriteTimeUtc(Path.Combine(_root.Path, gone.Parts[0].Key), DateTime.UtcNow.AddHours(-2));

        var (listed, reported) = await ListAsync(new BackupCatalog(_store));

        Assert.Equal(["20260302T000000Z-bbbbbb"], listed.Select(b => b.Id));
        var folder = Assert.Single(reported);
        Assert.Equal(BackupLayout.QdrantPrefix("docs", gone.Id), folder.Folder);
        Assert.Equal(1, folder.ObjectCount);
        Assert.Contains("parts without a manifest: an interrupted or damaged backup; it is not listed", folder.Describe());
        Assert.Contains(folder.Folder, folder.Describe());
    }

    [Fact]
    public async Task AFolderThatALiveLeaseHolds_IsAWriteInFlight_AndNotReported()
    {
        var prefix = BackupLayout.QdrantPrefix("docs", "20260301T000000Z-aaaaaa");
        await using var lease = await BackupLease.AcquireForWriteAsync(_store, prefix, BackupLease.BackupOperation, "docs", "20260301T000000Z-aaaaaa",
            NullOperationLog.Instance, CancellationToken.None);
        await PutAsync(prefix + "node0-1.snapshot", DateTime.UtcNow.AddHours(-2));

        var (_, reported) = await ListAsync(new BackupCatalog(_store) { AbandonedAfter = TimeSpan.Zero });

        Assert.Empty(reported);
    }

    [Fact]
    public async Task AFolderWithoutAnyLease_IsReportedOnlyOnceItHasBeenQuietForAWhile()
    {
        var prefix = BackupLayout.QdrantPrefix("docs", "20260301T000000Z-aaaaaa");
        await PutAsync(prefix + "node0-1.snapshot", DateTime.UtcNow.AddMinutes(-5));

        var (_, early) = await ListAsync(new BackupCatalog(_store));
        var (_, late) = await ListAsync(new BackupCatalog(_store) { AbandonedAfter = TimeSpan.FromMinutes(4) });

        Assert.Empty(early);
        Assert.Single(late);
    }

    [Fact]
    public async Task AFolderLeftByARunThatIsGone_IsReportedAtOnce_NamingThatRun()
    {
        var prefix = BackupLayout.RedisPrefix("balances", "20260301T000000Z-aaaaaa");
        await ForeignLease.WriteAsync(_store, prefix, "backup-runner-7", TimeSpan.FromMinutes(-1), durationSeconds: 0,
            operation: BackupLease.BackupOperation);
        await PutAsync(prefix + BackupLayout.RedisRdbPart, DateTime.UtcNow);

        var (_, reported) = await ListAsync(new BackupCatalog(_store));

        var folder = Assert.Single(reported);
        Assert.Equal(prefix, folder.Folder);
        Assert.Contains("backup-runner-7", folder.Describe());
    }

    [Fact]
    public async Task AnIdThatMatchesNothing_IsObjectNotFound_NamingTheNearestIds()
    {
        var all = await BackupsAsync("20261120T060002Z-3f9a1c", "20261120T060002Z-77aa00", "20261119T060002Z-3f9a1c", "20250101T000000Z-000000");

        var error = Assert.Single(CatalogMisses.Find(all, _store.Location, "20261120T060002Z-3f9a1d", null));

        Assert.Equal(ErrorIds.BackupIdNotFound, error.ErrorId);
        Assert.Equal(DrErrorCategory.ObjectNotFound, error.Category);
        Assert.Contains("'20261120T060002Z-3f9a1d'", error.Message);
        Assert.Contains("20261120T060002Z-3f9a1c, 20261120T060002Z-77aa00", error.Message);
        Assert.DoesNotContain("20250101T000000Z-000000", error.Message);
    }

    [Fact]
    public async Task ACollectionFilterThatMatchesNothing_IsObjectNotFound_NamingWhatTheStoreHolds()
    {
        var all = await BackupsAsync("20261120T060002Z-3f9a1c");

        var errors = CatalogMisses.Find(all, _store.Location, id: null,
        [
            new("documents", s => s == "documents"),
            new("doc*", s => s.StartsWith("doc", StringComparison.Ordinal)),
        ]).ToList();

        var error = Assert.Single(errors);
        Assert.Equal(ErrorIds.BackupCollectionNotFound, error.ErrorId);
        Assert.Contains("'documents'", error.Message);
        Assert.Contains("docs (Qdrant, 1)", error.Message);
    }

    [Fact]
    public void AnEmptyStore_SaysItHoldsNothing()
    {
        var error = Assert.Single(CatalogMisses.Find([], _store.Location, "20261120T060002Z-3f9a1c", null));

        Assert.Contains("holds no backup at all", error.Message);
    }

    private async Task<IReadOnlyList<DrBackup>> BackupsAsync(params string[] ids)
    {
        foreach (var id in ids)
        {
            await SyntheticBackup.WriteManifestOnlyAsync(_store, "docs", id, T0);
        }

        return await new BackupCatalog(_store).ListAsync(new BackupQuery(), CancellationToken.None);
    }

    private static async Task<(IReadOnlyList<DrBackup> Listed, List<AbandonedBackupFolder> Reported)> ListAsync(BackupCatalog catalog)
    {
        var reported = new List<AbandonedBackupFolder>();
        catalog.AbandonedFolder += reported.Add;
        var listed = await catalog.ListAsync(new BackupQuery(), CancellationToken.None);
        return (listed, reported);
    }

    private async Task PutAsync(string key, DateTime lastWritten)
    {
        await using (var upload = await _store.BeginUploadAsync(key, CancellationToken.None))
        {
            await upload.Content.WriteAsync(new byte[] { 1, 2, 3 });
            await upload.CompleteAsync(CancellationToken.None);
        }

        File.SetLastWriteTimeUtc(Path.Combine(_root.Path, key), lastWritten);
    }
}
