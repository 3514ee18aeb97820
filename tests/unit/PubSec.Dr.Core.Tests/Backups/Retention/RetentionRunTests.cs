using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Backups.Retention;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Backups.Retention;

/// <summary>Invoke-DrRetention's one operation: policy, catalog, integrity, plan and the confirmed deletions, against a folder store.</summary>
public sealed class RetentionRunTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 20, 19, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _root = new();
    private readonly FolderBackupStore _store;

    public RetentionRunTests() => _store = new FolderBackupStore(_root.Path);

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task OnlyConfirmedDeletionsHappen_AndEveryDecisionIsReportedInPlanOrder()
    {
        var newest = await WriteAsync(1);
        var older = await WriteAsync(40);
        var oldest = await WriteAsync(41);
        var asked = new List<string>();
        var decisions = new List<RetentionDecision>();

        var summary = await new RetentionRun(_store, NullOperationLog.Instance).RunAsync(
            [DrRetentionPolicy.Create(DrRetentionPolicy.QdrantKind, TimeSpan.FromDays(30), 0, 0, 0, 0)], IntegrityLevel.Quick, Now,
            (target, action) =>
            {
                asked.Add(target);
                Assert.StartsWith("Delete (", action, StringComparison.Ordinal);
                return target.Contains(oldest.Id, StringComparison.Ordinal);
            },
            (decision, failure) =>
            {
                Assert.Null(failure);
                decisions.Add(decision);
            },
            ex => Assert.Fail(ex.Message), null, CancellationToken.None);

        Assert.Equal(new RetentionSummary(1, 1, 0, 1, summary.BytesFreed), summary);
        Assert.True(summary.BytesFreed > 0);
        Assert.Equal(2, asked.Count);
        Assert.All(asked, t => Assert.EndsWith($"in {_store.Location}", t, StringComparison.Ordinal));
        Assert.Equal([newest.Id, older.Id, oldest.Id], decisions.Select(d => d.BackupId).Order(StringComparer.Ordinal).Reverse());
        Assert.True(decisions.Single(d => d.BackupId == oldest.Id).Deleted);
        Assert.False(decisions.Single(d => d.BackupId == older.Id).Deleted);
        Assert.Equal([newest.Id, older.Id], (await new BackupCatalog(_store).ListAsync(new BackupQuery(), CancellationToken.None)).Select(b => b.Id).Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task AnUnreadableManifest_IsReported_AndTheRunGoesOn()
    {
        var good = await WriteAsync(1);
        var broken = RetentionCatalog.Qdrant("documents", Now.AddDays(-2));
        await using (var upload = await _store.BeginUploadAsync(broken.ManifestKey, CancellationToken.None))
        {
            await upload.Content.WriteAsync("{ not json"u8.ToArray());
            await upload.CompleteAsync(CancellationToken.None);
        }

        var unreadable = new List<DrException>();
        var decisions = new List<RetentionDecision>();
        await new RetentionRun(_store, NullOperationLog.Instance).RunAsync(null, IntegrityLevel.Quick, Now, (_, _) => true, (d, _) => decisions.Add(d),
            unreadable.Add, null, CancellationToken.None);

        Assert.Single(unreadable);
        Assert.Equal([good.Id], decisions.Select(d => d.BackupId));
    }

    [Fact]
    public async Task AnInvalidPolicy_FailsBeforeTheStoreIsRead()
    {
        await WriteAsync(400);
        var policy = new DrRetentionPolicy { Kind = DrRetentionPolicy.QdrantKind, KeepLast = -1 };

        var error = await Assert.ThrowsAsync<DrException>(() => new RetentionRun(_store, NullOperationLog.Instance).RunAsync([policy], IntegrityLevel.Quick, Now,
            (_, _) => true, (_, _) => { }, _ => { }, null, CancellationToken.None));

        Assert.Equal(ErrorIds.RetentionPolicyInvalid, error.ErrorId);
        Assert.Single(await new BackupCatalog(_store).ListAsync(new BackupQuery(), CancellationToken.None));
    }

    private async Task<QdrantBackup> WriteAsync(int daysAgo)
    {
        var backup = RetentionCatalog.Qdrant("documents", Now.AddDays(-daysAgo));
        await RetentionCatalog.WriteAsync(_store, backup);
        return backup;
    }
}
