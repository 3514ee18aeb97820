using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant;
using PubSec.Dr.Qdrant.Backup;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Qdrant.Restore;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.Fakes;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Qdrant.Restore;

/// <summary>
/// Restore-QdrantCluster's engine operation against an in-memory cluster of three nodes: each test backs the
/// collection up with the real backup engine first, then restores that backup, so verification checks the count,
/// sample and golden queries the backup recorded.
/// </summary>
public sealed class QdrantRestoreEngineTests : IDisposable
{
    private const string Collection = "documents";
    private static readonly string[] StepNames = ["Preflight", "PreserveCurrentState", "ResetVolumes", "Restore", "Converge", "Verify"];
    private readonly TempDirectory _root = new();
    private readonly FolderBackupStore _store;
    private readonly InMemoryQdrantCluster _cluster = new(nodes: 3);
    private readonly DecryptionKeyRing _keys = new(null, searchStores: false);
    private readonly List<(string Target, string Action)> _asked = [];

    public QdrantRestoreEngineTests()
    {
        _store = new FolderBackupStore(_root.Path);
        _cluster.Seed(Collection, count: 90, shardNumber: 3);
    }

    public void Dispose()
    {
        _keys.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task HappyPath_EveryNodeRecovered_Converged_VerifiedAgainstTheBackupsSample_UploadCopiesRemoved()
    {
        var backup = await BackUpAsync();
        _cluster.Drop(Collection);

        var outcome = Assert.Single(await RestoreAsync(new QdrantRestoreRequest([backup])));

        Assert.Null(outcome.Failure);
        var result = outcome.Result!;
        Assert.Equal("Succeeded", result.Verdict);
        Assert.Equal(StepNames, result.Steps.Select(s => s.Name));
        Assert.Equal(["Succeeded", "Skipped", "Skipped", "Succeeded", "Succeeded", "Succeeded"], result.Steps.Select(s => s.Status));
        Assert.Equal(90, await _cluster.Points.CountExactAsync(Collection, CancellationToken.None));
        Assert.Equal(20, result.Comparison!.SampleMatched);
        Assert.Equal(1.0, result.Comparison.MeanRecall);
        Assert.Equal(backup.Parts.Sum(p => p.Size), result.BytesUploaded);
        Assert.All(_cluster.Nodes, n => Assert.Single(n.Recovered));
        Assert.All(_cluster.Nodes, n => Assert.Empty(n.SnapshotNames));
        var (target, action) = Assert.Single(_asked);
        Assert.Equal(Collection, target);
        Assert.StartsWith($"restore '{Collection}' from backup {backup.Id}", action, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latest_ChoosesTheNewestBackupThatPassesFullIntegrity_AndDoesNotReadItTwice()
    {
        var older = await BackUpAsync();
        // Backup ids and start times are to the second; the newer one must sort after the older.
        await Task.Delay(1100);
        var newer = await BackUpAsync();
        File.Delete(Path.Combine(_root.Path, newer.Parts[1].Key));

        var outcome = Assert.Single(await RestoreAsync(new QdrantRestoreRequest([], LatestOf: Collection)));

        Assert.Null(outcome.Failure);
        Assert.Equal(older.Id, outcome.Result!.BackupId);
        Assert.Contains("verified by the caller", outcome.Result.Steps[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latest_WithoutAGoodBackup_BackupNotFound_ForTheCollection()
    {
        var only = await BackUpAsync();
        File.Delete(Path.Combine(_root.Path, only.Parts[0].Key));

        var outcome = Assert.Single(await RestoreAsync(new QdrantRestoreRequest([], LatestOf: Collection)));

        Assert.Null(outcome.Result);
        Assert.Equal(ErrorIds.BackupNotFound, outcome.Failure!.ErrorId);
        Assert.Equal(Collection, outcome.Target);
        Assert.Empty(_asked);
    }

    [Fact]
    public async Task RefusedPreflight_RestoreBackupNotUsable_NothingSentToAnyNode_LiveDataUntouched()
    {
        var backup = await BackUpAsync();
        await _store.DeleteAsync(backup.Parts[2].Key, CancellationToken.None);

        var outcome = Assert.Single(await RestoreAsync(new QdrantRestoreRequest([backup])));

        Assert.Equal(ErrorIds.RestoreBackupNotUsable, outcome.Failure!.ErrorId);
        var step = Assert.Single(outcome.Result!.Steps);
        Assert.Equal(("Preflight", "Failed"), (step.Name, step.Status));
        Assert.Equal("Failed", outcome.Result.Verdict);
        Assert.All(_cluster.Nodes, n => Assert.Equal(0, n.BytesReceived));
        Assert.Equal(90, await _cluster.Points.CountExactAsync(Collection, CancellationToken.None));
    }

    [Fact]
    public async Task NodeFailsMidUpload_RestoreUploadFailed_AndTheFailureSaysWhichNodesWereAlreadyRecovered()
    {
        var backup = await BackUpAsync();
        _cluster.Drop(Collection);
        _cluster.Nodes[1].CutUploadAfter = 4096;

        var outcome = Assert.Single(await RestoreAsync(new QdrantRestoreRequest([backup]), throttleLimit: 1));

        var failure = outcome.Failure!;
        Assert.Equal(ErrorIds.RestoreUploadFailed, failure.ErrorId);
        Assert.Equal(ErrorIds.QdrantUnreachable, Assert.IsType<DrException>(failure.InnerException).ErrorId);
        Assert.Contains($"Already recovered before the failure (these nodes now hold the backup's data): {backup.Parts[0].Key} -> {_cluster.Nodes[0].DisplayUri}.",
            failure.Message, StringComparison.Ordinal);
        var result = outcome.Result!;
        Assert.Equal(StepNames[..4], result.Steps.Select(s => s.Name));
        Assert.Equal("Failed", result.Steps[^1].Status);
        Assert.Equal(failure.Message, result.Steps[^1].Detail);
        Assert.True(result.BytesUploaded >= backup.Parts[0].Size, "the bytes sent before the failure are reported");
        Assert.Equal([1, 0, 0], _cluster.Nodes.Select(n => n.Recovered.Count));
        Assert.All(_cluster.Nodes, n => Assert.Empty(n.SnapshotNames));
    }

    [Fact]
    public async Task NoConvergence_RestoreNotConverged_AfterTheRestoreStepRecordedWhatItReplaced()
    {
        var backup = await BackUpAsync();
        _cluster.Nodes[2].StuckShardState = "Partial";

        var outcome = Assert.Single(await RestoreAsync(new QdrantRestoreRequest([backup]), convergeTimeout: TimeSpan.FromMilliseconds(300)));

        Assert.Equal(ErrorIds.RestoreNotConverged, outcome.Failure!.ErrorId);
        var result = outcome.Result!;
        Assert.Equal(StepNames[..5], result.Steps.Select(s => s.Name));
        Assert.Equal(["Succeeded", "Skipped", "Skipped", "Succeeded", "Failed"], result.Steps.Select(s => s.Status));
        Assert.Contains($"{_cluster.Nodes[2].DisplayUri} shard 2 Partial", result.Steps[^1].Detail, StringComparison.Ordinal);
        Assert.StartsWith("3 part(s), ", result.Steps[3].Detail, StringComparison.Ordinal);
        Assert.Equal(backup.Parts.Sum(p => p.Size), result.BytesUploaded);
        Assert.All(_cluster.Nodes, n => Assert.Single(n.Recovered));
    }

    private async Task<QdrantBackup> BackUpAsync()
    {
        var engine = new QdrantBackupEngine(_cluster, _store, NullOperationLog.Instance) { SampleSize = 20, GoldenQueryCount = 3 };
        var plan = await engine.PlanAsync(Collection, CancellationToken.None);
        var backup = await engine.BackupAsync(plan, null, CancellationToken.None);
        Assert.Equal(BackupStatus.Succeeded, backup.Status);
        return backup;
    }

    private async Task<List<QdrantOutcome<RestoreResult>>> RestoreAsync(QdrantRestoreRequest request, int throttleLimit = 3, TimeSpan? convergeTimeout = null)
    {
        var engine = new QdrantRestoreEngine(_cluster, _store, NullOperationLog.Instance)
        {
            Decryption = _keys,
            ThrottleLimit = throttleLimit,
            ConvergeTimeout = convergeTimeout ?? TimeSpan.FromSeconds(5),
        };
        var outcomes = new List<QdrantOutcome<RestoreResult>>();
        await foreach (var outcome in engine.RunAsync(request, Ask, null, CancellationToken.None))
        {
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    private bool Ask(string target, string action)
    {
        _asked.Add((target, action));
        return true;
    }
}
