using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Backups.Leases;

public sealed class AbandonedRunSweepTests : IDisposable
{
    private const string Source = "qdrant/docs/";
    private readonly TempDirectory _root = new();
    private readonly FolderBackupStore _store;
    private readonly List<LeaseRecord> _snapshotCleanups = [];

    public AbandonedRunSweepTests() => _store = new FolderBackupStore(_root.Path);

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task ASecondBackupOfTheSameSource_IsRefusedWithBackupAlreadyRunning()
    {
        await ForeignLease.WriteAsync(_store, Source + "20261120T170000Z-aaaaaa/", "backup-runner-7", TimeSpan.FromMinutes(5),
            operation: BackupLease.BackupOperation);
        await using var own = await OwnLeaseAsync();

        var error = await Assert.ThrowsAsync<DrException>(() => SweepAsync(own));

        Assert.Equal(ErrorIds.BackupAlreadyRunning, error.ErrorId);
        Assert.Equal(DrErrorCategory.ResourceBusy, error.Category);
        Assert.Contains("backup-runner-7", error.Message);
    }

    [Fact]
    public async Task ALiveCopyUnderTheSameSource_DoesNotBlock_AndItsUnfinishedUploadsAreLeftAlone()
    {
        var folder = Source + "20261001T170000Z-bbbbbb/";
        await ForeignLease.WriteAsync(_store, folder, "copy-runner-2", TimeSpan.FromMinutes(5));
        var uploading = await PartialAsync(folder + "node0-1.snapshot");
        await using var own = await OwnLeaseAsync();

        await SweepAsync(own);

        Assert.True(File.Exists(uploading));
    }

    [Fact]
    public async Task WhatRunsThatAreGoneLeft_IsRemoved_AndNothingElse()
    {
        // Killed before its manifest: its server snapshots, parts, unfinished upload and lease go.
        var killed = Source + "20261120T160000Z-cccccc/";
        var snapshots = new List<LeasedServerSnapshot> { new(7, "http://qdrant-0:6333", "docs", "docs-7-2026-11-20-16-00-01.snapshot") };
        await ForeignLease.WriteAsync(_store, killed, "backup-runner-7", TimeSpan.FromMinutes(-1), durationSeconds: 0,
            operation: BackupLease.BackupOperation, snapshots: snapshots);
        await PutAsync(killed + "node0-7.snapshot");
        var partial = await PartialAsync(killed + "node1-8.snapshot");
        // Killed after its manifest: a good backup; only its lease goes.
        var finished = Source + "20261120T150000Z-dddddd/";
        await ForeignLease.WriteAsync(_store, finished, "backup-runner-7", TimeSpan.FromMinutes(-1), durationSeconds: 0,
            operation: BackupLease.BackupOperation);
        await PutAsync(finished + "node0-7.snapshot");
        await PutAsync(finished + BackupLayout.ManifestName);
        // Parts without any lease: not this sweep's to judge (Get-DrBackup reports them).
        var unknown = Source + "20261120T140000Z-eeeeee/";
        await PutAsync(unknown + "node0-7.snapshot");
        await using var own = await OwnLeaseAsync();

        await SweepAsync(own);

        Assert.Equal("docs-7-2026-11-20-16-00-01.snapshot", Assert.Single(Assert.Single(_snapshotCleanups).ServerSnapshots).Name);
        Assert.DoesNotContain(_root.AllFiles(), f => f.StartsWith(killed, StringComparison.Ordinal));
        Assert.False(File.Exists(partial));
        Assert.Equal([finished + BackupLayout.ManifestName, finished + "node0-7.snapshot"], _root.AllFiles().Where(f => f.StartsWith(finished, StringComparison.Ordinal)));
        Assert.Equal([unknown + "node0-7.snapshot"], _root.AllFiles().Where(f => f.StartsWith(unknown, StringComparison.Ordinal)));
        Assert.Equal([own.Key], (await LeaseObjects.FindAsync(_store, Source, CancellationToken.None)).Select(l => l.Key));
    }

    [Fact]
    public async Task ADeadRunWhoseServerSnapshotsCouldNotBeDeleted_KeepsItsLease_SoTheNextRunTriesAgain()
    {
        var killed = Source + "20261120T160000Z-cccccc/";
        var lease = await ForeignLease.WriteAsync(_store, killed, "backup-runner-7", TimeSpan.FromMinutes(-1), durationSeconds: 0,
            operation: BackupLease.BackupOperation, snapshots: [new(7, "http://qdrant-0:6333", "docs", "docs-7-2026-11-20-16-00-01.snapshot")]);
        await PutAsync(killed + "node0-7.snapshot");
        await using var own = await OwnLeaseAsync();

        await SweepAsync(own, snapshotsRemoved: false);

        Assert.Equal([lease], _root.AllFiles().Where(f => f.StartsWith(killed, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WithNoOtherLiveRun_UnfinishedUploadsThatBeganBeforeThisRun_AreRemoved()
    {
        var old = await PartialAsync(Source + "20261119T170000Z-ffffff/node0-1.snapshot");
        await using var own = await OwnLeaseAsync();

        await SweepAsync(own);

        Assert.False(File.Exists(old));
    }

    private Task<BackupLease> OwnLeaseAsync() => BackupLease.AcquireForWriteAsync(_store, Source + "20261120T180000Z-ownrun/", BackupLease.BackupOperation,
        "docs", "20261120T180000Z-ownrun", NullOperationLog.Instance, CancellationToken.None);

    private Task SweepAsync(BackupLease own, bool snapshotsRemoved = true) => new AbandonedRunSweep(_store, NullOperationLog.Instance)
    {
        RemoveServerSnapshots = (record, _) =>
        {
            _snapshotCleanups.Add(record);
            return Task.FromResult(snapshotsRemoved);
        },
    }.RunAsync(Source, own, "docs", DateTime.UtcNow, CancellationToken.None);

    private async Task PutAsync(string key)
    {
        await using var upload = await _store.BeginUploadAsync(key, CancellationToken.None);
        await upload.Content.WriteAsync(new byte[] { 1, 2, 3 });
        await upload.CompleteAsync(CancellationToken.None);
    }

    private async Task<string> PartialAsync(string key)
    {
        var path = Path.Combine(_root.Path, key + ".partial-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, new byte[10]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1));
        return path;
    }
}
