using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Backups.Retention;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Backups.Retention;

public sealed class NewestGoodBackupFinderTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 20, 19, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _root = new();
    private readonly FolderBackupStore _folder;
    private readonly RecordingStore _store;

    public NewestGoodBackupFinderTests()
    {
        _folder = new FolderBackupStore(_root.Path);
        _store = new RecordingStore(_folder);
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task NewestFailsIntegrity_TheNewestThatPassesIsKept_EvenWhenAllAreOld()
    {
        var backups = await WriteAsync("documents", days: [100, 101, 102, 103]);
        await _folder.DeleteAsync(backups[0].Parts[0].Key, CancellationToken.None);

        var decisions = await PlanAsync();

        Assert.Equal([RetentionAction.Delete, RetentionAction.Keep, RetentionAction.Delete, RetentionAction.Delete], decisions.Select(d => d.Action));
        Assert.Equal(["newest backup that passes integrity (Quick)"], decisions[1].Reasons);
        Assert.Contains(decisions[0].Reasons, r => r.StartsWith("fails integrity (Quick), fills no slot: PartExists", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChecksNewestFirst_AndStopsAtTheFirstThatPasses()
    {
        var backups = await WriteAsync("documents", days: [1, 2, 3, 4, 5]);
        await _folder.DeleteAsync(backups[0].Parts[0].Key, CancellationToken.None);

        var findings = await FindAsync();

        Assert.Equal(backups[1].Id, findings.NewestGood.Values.Single().Id);
        Assert.Equal([backups[0].Id], findings.Failures.Keys.Select(b => b.Id));
        Assert.Equal([backups[0].Parts[0].Key, backups[1].Parts[0].Key], _store.InfoRequests);
    }

    [Fact]
    public async Task ForensicAndIncompleteBackups_NeverCountAsNewestGood()
    {
        var forensic = RetentionCatalog.Qdrant("documents", Now.AddDays(-40), BackupStatus.Succeeded, DrBackup.ForensicTag);
        var incomplete = RetentionCatalog.Qdrant("documents", Now.AddDays(-41), BackupStatus.Incomplete);
        var good = RetentionCatalog.Qdrant("documents", Now.AddDays(-42));
        foreach (var backup in new[] { forensic, incomplete, good })
        {
            await RetentionCatalog.WriteAsync(_folder, backup);
        }

        var decisions = await PlanAsync();

        Assert.Equal([forensic.Id, incomplete.Id, good.Id], decisions.Select(d => d.BackupId));
        Assert.Equal([RetentionAction.Delete, RetentionAction.Delete, RetentionAction.Keep], decisions.Select(d => d.Action));
    }

    [Fact]
    public async Task NoBackupPasses_EveryRestorableBackupIsKept()
    {
        var backups = await WriteAsync("documents", days: [40, 41]);
        foreach (var backup in backups)
        {
            await _folder.DeleteAsync(backup.Parts[0].Key, CancellationToken.None);
        }

        var log = new WarningLog();
        var decisions = await PlanAsync(log);

        Assert.All(decisions, d => Assert.Equal(RetentionAction.Keep, d.Action));
        Assert.Equal(3, log.Warnings.Count);
        Assert.Equal("No backup of Qdrant 'documents' passes integrity (Quick): retention deletes none of its 2 Succeeded backup(s). Inspect them with Test-BackupIntegrity.", log.Warnings[2]);
    }

    [Fact]
    public async Task EachCollectionHasItsOwnNewestGoodBackup()
    {
        await WriteAsync("documents", days: [50, 51]);
        await WriteAsync("faq", days: [60, 61]);

        var decisions = await PlanAsync();

        Assert.Equal(["20261001T190000Z-documents", "20260921T190000Z-faq"],
            decisions.Where(d => d.Action == RetentionAction.Keep).Select(d => d.BackupId));
    }

    [Fact]
    public void RestoreLevel_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new NewestGoodBackupFinder(new IntegrityChecker(_store, NullOperationLog.Instance), IntegrityLevel.Restore, NullOperationLog.Instance));

    private async Task<List<QdrantBackup>> WriteAsync(string collection, int[] days)
    {
        var backups = days.Select(day => RetentionCatalog.Qdrant(collection, Now.AddDays(-day))).ToList();
        foreach (var backup in backups)
        {
            await RetentionCatalog.WriteAsync(_folder, backup);
        }

        return backups;
    }

    private async Task<IntegrityFindings> FindAsync(IOperationLog? log = null)
    {
        var listed = await new BackupCatalog(_store).ListAsync(new BackupQuery(), CancellationToken.None);
        var finder = new NewestGoodBackupFinder(new IntegrityChecker(_store, NullOperationLog.Instance), IntegrityLevel.Quick, log ?? NullOperationLog.Instance);
        return await finder.FindAsync(listed, null, CancellationToken.None);
    }

    private async Task<IReadOnlyList<RetentionDecision>> PlanAsync(IOperationLog? log = null)
    {
        var listed = await new BackupCatalog(_store).ListAsync(new BackupQuery(), CancellationToken.None);
        var finder = new NewestGoodBackupFinder(new IntegrityChecker(_store, NullOperationLog.Instance), IntegrityLevel.Quick, log ?? NullOperationLog.Instance);
        var findings = await finder.FindAsync(listed, null, CancellationToken.None);
        return RetentionPlanner.Plan(listed, RetentionPolicySet.Create(null), Now, findings);
    }
}
