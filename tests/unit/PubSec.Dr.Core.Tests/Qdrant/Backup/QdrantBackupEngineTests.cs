using System.Net;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant;
using PubSec.Dr.Qdrant.Backup;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Qdrant.Compare;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.Fakes;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Qdrant.Backup;

/// <summary>New-QdrantBackup's engine operation against an in-memory cluster of three nodes, one shard each.</summary>
public sealed class QdrantBackupEngineTests : IDisposable
{
    private const string Collection = "documents";
    private readonly TempDirectory _root = new();
    private readonly FolderBackupStore _store;
    private readonly InMemoryQdrantCluster _cluster = new(nodes: 3);
    private readonly List<(string Target, string Action)> _asked = [];

    public QdrantBackupEngineTests()
    {
        _store = new FolderBackupStore(_root.Path);
        _cluster.Seed(Collection, count: 90, shardNumber: 3);
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task HappyPath_StoresEveryNodesSnapshot_WithItsShards_SampleAndManifest_AndRemovesTheServerSnapshots()
    {
        var outcome = Assert.Single(await RunAsync());

        Assert.Null(outcome.Failure);
        var backup = Assert.IsType<QdrantBackup>(outcome.Result);
        Assert.Equal(BackupStatus.Succeeded, backup.Status);
        Assert.Equal(90, backup.PointCount);
        Assert.Empty(backup.MissingShards);
        Assert.Equal(3, backup.Parts.Length);
        for (var node = 0; node < 3; node++)
        {
            var part = backup.Parts[node];
            Assert.Equal(_cluster.Nodes[node].PeerId, part.PeerId);
            Assert.Equal(part.QdrantChecksum, part.Sha256);
            Assert.Equal([node], part.Shards.Where(s => s.HasData).Select(s => s.ShardId));
            Assert.Equal(part.Size, new FileInfo(Path.Combine(_root.Path, part.Key)).Length);
        }

        Assert.Equal(20, backup.Sample.Length);
        Assert.Equal(3, backup.GoldenQueries.Length);
        Assert.All(backup.GoldenQueries, q => Assert.Equal(QdrantSampler.GoldenQueryTopK, q.ResultIds.Length));
        Assert.Equal(backup.Id, Assert.Single(await ListAsync()).Id);
        Assert.All(_cluster.Nodes, n => Assert.Empty(n.SnapshotNames));
        var (target, action) = Assert.Single(_asked);
        Assert.Equal(Collection, target);
        Assert.EndsWith($"and store the snapshots in {_store.Location}", action, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declined_TakesNoSnapshot_AndYieldsNothing()
    {
        Assert.Empty(await RunAsync(shouldProcess: false));

        Assert.All(_cluster.Nodes, n => Assert.Empty(n.SnapshotNames));
        Assert.Empty(_root.AllFiles());
    }

    [Fact]
    public async Task NodeFailsMidDownload_QdrantUnreachable_NothingKept_ServerSnapshotsRemoved()
    {
        _cluster.Nodes[1].CutDownloadAfter = 10_000;

        var outcome = Assert.Single(await RunAsync());

        Assert.Null(outcome.Result);
        Assert.Equal(ErrorIds.QdrantUnreachable, outcome.Failure!.ErrorId);
        Assert.Equal(Collection, outcome.Target);
        Assert.Empty(await ListAsync());
        Assert.DoesNotContain(_root.AllFiles(), f => f.EndsWith(".snapshot", StringComparison.Ordinal));
        Assert.All(_cluster.Nodes, n => Assert.Empty(n.SnapshotNames));
        Assert.All(_cluster.Nodes, n => Assert.Single(n.SnapshotsDeleted));
    }

    [Fact]
    public async Task SnapshotCreationRefused_ItsErrorId_NoPartStored_TheOtherNodesSnapshotsRemoved()
    {
        var refused = _cluster.Nodes[2];
        refused.RefuseSnapshot = QdrantErrors.FromStatus(refused.DisplayUri, HttpStatusCode.InternalServerError, "No space left on device", Collection);

        var outcome = Assert.Single(await RunAsync());

        Assert.Null(outcome.Result);
        Assert.Equal(ErrorIds.QdrantRequestFailed, outcome.Failure!.ErrorId);
        Assert.Contains("No space left on device", outcome.Failure.Message, StringComparison.Ordinal);
        Assert.Empty(await ListAsync());
        Assert.DoesNotContain(_root.AllFiles(), f => f.EndsWith(".snapshot", StringComparison.Ordinal));
        Assert.All(_cluster.Nodes, n => Assert.Empty(n.SnapshotNames));
        Assert.Equal([1, 1, 0], _cluster.Nodes.Select(n => n.SnapshotsDeleted.Count));
    }

    [Fact]
    public async Task OneCollectionFailing_DoesNotStopTheNext()
    {
        _cluster.Seed("questions", count: 30, shardNumber: 3);

        var outcomes = await RunAsync(collections: ["missing", "questions"]);

        Assert.Equal(["missing", "questions"], outcomes.Select(o => o.Result?.Collection ?? (string)o.Target));
        Assert.Equal(ErrorIds.QdrantCollectionNotFound, outcomes[0].Failure!.ErrorId);
        Assert.Equal(BackupStatus.Succeeded, outcomes[1].Result!.Status);
    }

    private async Task<List<QdrantOutcome<QdrantBackup>>> RunAsync(bool shouldProcess = true, string[]? collections = null)
    {
        var engine = new QdrantBackupEngine(_cluster, _store, NullOperationLog.Instance) { SampleSize = 20, GoldenQueryCount = 3 };
        var outcomes = new List<QdrantOutcome<QdrantBackup>>();
        await foreach (var outcome in engine.BackupCollectionsAsync(collections ?? [Collection], Ask, null, CancellationToken.None))
        {
            outcomes.Add(outcome);
        }

        return outcomes;

        bool Ask(string target, string action)
        {
            _asked.Add((target, action));
            return shouldProcess;
        }
    }

    private async Task<IReadOnlyList<DrBackup>> ListAsync() => await new BackupCatalog(_store).ListAsync(new BackupQuery(), CancellationToken.None);
}
