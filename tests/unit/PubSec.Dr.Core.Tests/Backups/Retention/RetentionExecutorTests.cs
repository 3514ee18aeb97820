using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Retention;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Backups.Retention;

public sealed class RetentionExecutorTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 20, 19, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _root = new();
    private readonly FolderBackupStore _folder;
    private readonly RecordingStore _store;

    public RetentionExecutorTests()
    {
        _folder = new FolderBackupStore(_root.Path);
        _store = new RecordingStore(_folder);
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Delete_RemovesTheManifestFirst_ThenParts_ThenLeftovers()
    {
        var backup = await WriteAsync("documents", 40, parts: 2);
        var folder = BackupLayout.QdrantPrefix("documents", backup.Id);
        await PutAsync(folder + "notes.txt", 7);
        await PutAsync(folder + "node9-9.snapshot.partial-0123456789abcdef0123456789abcdef", 5, complete: false);
        var keep = await WriteAsync("documents", 1, parts: 1);
        var manifestSize = new FileInfo(Path.Combine(_root.Path, backup.ManifestKey)).Length;

        var (summary, decisions) = await ApplyAsync();

        Assert.Equal(backup.ManifestKey, _store.Deletes[0]);
        Assert.Equal([backup.Parts[0].Key, backup.Parts[1].Key], _store.Deletes.Skip(1).Take(2).Order(StringComparer.Ordinal));
        Assert.Equal(folder + "notes.txt", _store.Deletes[3]);
        Assert.DoesNotContain(_root.AllFiles(), f => f.StartsWith(folder, StringComparison.Ordinal));
        Assert.Contains(_root.AllFiles(), f => f == keep.ManifestKey);
        var deleted = decisions.Single(d => d.BackupId == backup.Id);
        Assert.True(deleted.Deleted);
        Assert.Null(deleted.Error);
        Assert.Equal(backup.Parts.Sum(p => p.Size) + 7 + manifestSize, deleted.BytesFreed);
        Assert.Equal(new RetentionSummary(1, 1, 0, 0, deleted.BytesFreed), summary);
        Assert.Equal([keep.Id], (await new BackupCatalog(_folder).ListAsync(new BackupQuery(), CancellationToken.None)).Select(b => b.Id));
    }

    [Fact]
    public async Task AFailedDelete_IsReportedOnItsDecision_AndTheOthersAreStillDeleted()
    {
        var first = await WriteAsync("documents", 40, parts: 1);
        var second = await WriteAsync("documents", 41, parts: 1);
        var third = await WriteAsync("documents", 42, parts: 1);
        await WriteAsync("documents", 1, parts: 1);
        _store.FailDelete = key => key == second.ManifestKey;
        var failures = new List<DrException>();

        var (summary, decisions) = await ApplyAsync(failures: failures);

        Assert.Equal(2, summary.Deleted);
        Assert.Equal(1, summary.Failed);
        var failed = decisions.Single(d => d.BackupId == second.Id);
        Assert.False(failed.Deleted);
        Assert.Contains("could not be deleted, so the backup is unchanged", failed.Error);
        Assert.Equal(ErrorIds.RetentionDeleteFailed, Assert.Single(failures).ErrorId);
        Assert.True(decisions.Single(d => d.BackupId == first.Id).Deleted);
        Assert.True(decisions.Single(d => d.BackupId == third.Id).Deleted);
        Assert.Contains(_root.AllFiles(), f => f == second.Parts[0].Key);
        Assert.Contains(second.Id, (await new BackupCatalog(_folder).ListAsync(new BackupQuery(), CancellationToken.None)).Select(b => b.Id));
    }

    [Fact]
    public async Task APartThatCannotBeDeleted_LeavesTheBackupUnlisted_AndSaysWhatRemains()
    {
        var backup = await WriteAsync("documents", 40, parts: 2);
        await WriteAsync("documents", 1, parts: 1);
        _store.FailDelete = key => key == backup.Parts[1].Key;
        var failures = new List<DrException>();

        var (summary, decisions) = await ApplyAsync(failures: failures);

        Assert.Equal(1, summary.Failed);
        Assert.Contains("its manifest is deleted but objects remain", decisions.Single(d => d.BackupId == backup.Id).Error);
        Assert.Contains(backup.Parts[1].Key, Assert.Single(failures).Message);
        Assert.DoesNotContain(_root.AllFiles(), f => f == backup.Parts[0].Key);
        Assert.DoesNotContain(backup.Id, (await new BackupCatalog(_folder).ListAsync(new BackupQuery(), CancellationToken.None)).Select(b => b.Id));
    }

    [Fact]
    public async Task PartsOutsideTheBackupsFolder_AreNeverDeleted()
    {
        var victim = await WriteAsync("faq", 1, parts: 1);
        var hostile = RetentionCatalog.Qdrant("documents", Now.AddDays(-40));
        await RetentionCatalog.WriteAsync(_folder, hostile);
        hostile.Parts = [hostile.Parts[0], new QdrantBackupPart { Key = victim.Parts[0].Key, Size = victim.Parts[0].Size, Sha256 = victim.Parts[0].Sha256 }];
        await new BackupCatalog(_folder).WriteManifestAsync(hostile, hostile.ManifestKey, CancellationToken.None);
        await WriteAsync("documents", 2, parts: 1);
        var failures = new List<DrException>();

        var (_, decisions) = await ApplyAsync(failures: failures);

        Assert.Contains(_root.AllFiles(), f => f == victim.Parts[0].Key);
        Assert.DoesNotContain(victim.Parts[0].Key, _store.Deletes);
        Assert.Contains("outside the backup's folder", decisions.Single(d => d.BackupId == hostile.Id).Error);
    }

    [Fact]
    public async Task AManifestOutsideTheLayout_IsNotDeletedByFolder()
    {
        var backup = await WriteAsync("documents", 40, parts: 1);
        backup.ManifestKey = "qdrant/documents/manifest.json";

        var ex = await Assert.ThrowsAsync<DrException>(() => new BackupDeleter(_store).DeleteAsync(backup, CancellationToken.None));

        Assert.Equal(ErrorIds.RetentionDeleteFailed, ex.ErrorId);
        Assert.Empty(_store.Deletes);
    }

    [Fact]
    public async Task DeclinedConfirmation_DeletesNothing()
    {
        await WriteAsync("documents", 40, parts: 1);
        await WriteAsync("documents", 1, parts: 1);
        var before = _root.AllFiles();

        var (summary, decisions) = await ApplyAsync(confirm: false);

        Assert.Equal(before, _root.AllFiles());
        Assert.Empty(_store.Deletes);
        Assert.Equal(1, summary.Declined);
        Assert.All(decisions, d => Assert.False(d.Deleted));
    }

    [Fact]
    public async Task Cancellation_StopsBeforeTheNextBackup()
    {
        await WriteAsync("documents", 40, parts: 1);
        await WriteAsync("documents", 1, parts: 1);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ApplyAsync(token: cancel.Token));

        Assert.Empty(_store.Deletes);
    }

    private async Task<QdrantBackup> WriteAsync(string collection, int daysAgo, int parts)
    {
        var backup = RetentionCatalog.Qdrant(collection, Now.AddDays(-daysAgo));
        var prefix = BackupLayout.QdrantPrefix(collection, backup.Id);
        backup.Parts = Enumerable.Range(0, parts)
            .Select(i => new QdrantBackupPart { Key = BackupLayout.QdrantPart(prefix, i, 42), Size = 10 + i, Sha256 = string.Empty }).ToArray();
        await RetentionCatalog.WriteAsync(_folder, backup);
        return backup;
    }

    private async Task PutAsync(string key, int size, bool complete = true)
    {
        if (!complete)
        {
            var path = Path.Combine(_root.Path, key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, new byte[size]);
            return;
        }

        await using var upload = await _folder.BeginUploadAsync(key, CancellationToken.None);
        await upload.Content.WriteAsync(new byte[size]);
        await upload.CompleteAsync(CancellationToken.None);
    }

    private async Task<(RetentionSummary Summary, List<RetentionDecision> Decisions)> ApplyAsync(bool confirm = true,
        List<DrException>? failures = null, CancellationToken token = default)
    {
        var listed = await new BackupCatalog(_store).ListAsync(new BackupQuery(), CancellationToken.None);
        var findings = RetentionCatalog.NewestPasses(listed);
        var plan = RetentionPlanner.Plan(listed, RetentionPolicySet.Create(null), Now, findings);
        var done = new List<RetentionDecision>();
        var summary = await new RetentionExecutor(_store).ApplyAsync(plan, _ => confirm, (d, ex) =>
        {
            done.Add(d);
            if (ex is not null)
            {
                failures?.Add(ex);
            }
        }, null, token);
        Assert.Equal(plan, done);
        return (summary, done);
    }
}
