using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant.Backup;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.Fakes;
using PubSec.Dr.Tests.TestSupport;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Tests.Qdrant.Backup;

/// <summary>
/// Issue 15: every node's part is stored at once where the store takes it (a folder), one at a time where the store
/// says so (an object store, whose upload is already parallel), and the backup says where its time went.
/// </summary>
public sealed class QdrantBackupPartsInParallelTests : IDisposable
{
    private const string Collection = "documents";
    private readonly TempDirectory _root = new();
    private readonly HookedStore _store;
    private readonly InMemoryQdrantCluster _cluster = new(nodes: 3);

    public QdrantBackupPartsInParallelTests()
    {
        _store = new HookedStore(new FolderBackupStore(_root.Path));
        _cluster.Seed(Collection, count: 90, shardNumber: 3);
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_folder_store_gets_every_nodes_part_at_the_same_time()
    {
        var begun = 0;
        var allBegun = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.BeforeBeginUpload = async key =>
        {
            if (!key.EndsWith(".snapshot", StringComparison.Ordinal))
            {
                return;
            }

            if (Interlocked.Increment(ref begun) == 3)
            {
                allBegun.SetResult();
            }

            // A part waits for the other two to begin: stored one after the other, this would time out.
            await allBegun.Task.WaitAsync(TimeSpan.FromSeconds(10));
        };

        var backup = await BackupAsync();

        Assert.Equal(BackupStatus.Succeeded, backup.Status);
        Assert.Equal(3, backup.Parts.Length);
    }

    [Fact]
    public async Task A_store_that_takes_one_upload_at_a_time_gets_the_parts_one_after_the_other()
    {
        _store.ConcurrentUploadsOverride = 1;
        int begun = 0, completed = 0, overlapping = 0;
        _store.BeforeBeginUpload = async key =>
        {
            if (key.EndsWith(".snapshot", StringComparison.Ordinal) && Interlocked.Increment(ref begun) - 1 != Volatile.Read(ref completed))
            {
                Interlocked.Increment(ref overlapping);
            }

            await Task.Yield();
        };
        _store.AfterCompleteUpload = key =>
        {
            if (key.EndsWith(".snapshot", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref completed);
            }

            return Task.CompletedTask;
        };

        var backup = await BackupAsync();

        Assert.Equal(BackupStatus.Succeeded, backup.Status);
        Assert.Equal((3, 3, 0), (begun, completed, overlapping));
    }

    [Fact]
    public async Task The_backup_says_where_its_time_went_with_the_bytes_each_phase_handled()
    {
        var backup = await BackupAsync();

        var phases = backup.Timings.ToDictionary(t => t.Phase);
        foreach (var phase in new[] { StreamCopier.Phases.Read, StreamCopier.Phases.Hash, StreamCopier.Phases.Write })
        {
            Assert.Equal(backup.SizeBytes, phases[phase].Bytes);
            Assert.True(phases[phase].Seconds > 0, phase);
        }

        // The tar walker stops at the archive's end marker, so the zero padding after it is hashed and stored, not walked.
        Assert.InRange(phases[StreamCopier.Phases.Inspect].Bytes, backup.SizeBytes - (backup.Parts.Length * 10240), backup.SizeBytes);

        foreach (var phase in new[] { QdrantBackupEngine.Phases.Lease, QdrantBackupEngine.Phases.Sample, QdrantBackupEngine.Phases.Snapshot,
            BackupWriteCompletePhase, QdrantBackupEngine.Phases.Cleanup, QdrantBackupEngine.Phases.Manifest, QdrantBackupEngine.Phases.Total })
        {
            Assert.True(phases.ContainsKey(phase), phase);
        }

        // Total is the wall time of the run; it cannot be shorter than its longest single phase that is not summed over parts.
        Assert.True(phases[QdrantBackupEngine.Phases.Total].Seconds >= phases[QdrantBackupEngine.Phases.Manifest].Seconds);
        Assert.Equal(backup.SizeBytes, phases[QdrantBackupEngine.Phases.Total].Bytes);
    }

    private const string BackupWriteCompletePhase = PubSec.Dr.Backups.Catalog.BackupWrite.CompletePhase;

    private async Task<QdrantBackup> BackupAsync()
    {
        var engine = new QdrantBackupEngine(_cluster, _store, NullOperationLog.Instance) { SampleSize = 10, GoldenQueryCount = 1 };
        var plan = await engine.PlanAsync(Collection, CancellationToken.None);
        return await engine.BackupAsync(plan, null, CancellationToken.None);
    }
}
