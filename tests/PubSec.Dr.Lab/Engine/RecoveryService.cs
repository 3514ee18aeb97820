using Microsoft.Extensions.Logging;
using PubSec.Dr.Lab.Cluster;
using PubSec.Dr.Lab.Recovery;
using PubSec.Dr.Lab.Snapshots;
using PubSec.Dr.Lab.Storage;

namespace PubSec.Dr.Lab.Engine;

/// <summary>
/// Collection snapshot recovery on one node (§2.5, §2.6, §6.3, §9.3): unpack safely, create the collection if
/// absent or check compatibility, switch local replicas to ManualRecovery, REALLY replace this node's data
/// for each shard the snapshot has data for, then apply the priority rules; other shards get their state back.
/// </summary>
internal sealed class RecoveryService(CollectionService collections, LabCluster cluster, LabNode node, ILogger<RecoveryService> log)
{
    public async Task RecoverFromLocationAsync(string collection, string location, RecoveryPriority priority, string? checksum, string? apiKey,
        bool wait, CancellationToken ct)
    {
        // Without wait the recovery outlives the request, so the request's token must not cancel it.
        var work = RecoverFromLocationAsync(collection, location, priority, checksum, apiKey, wait ? ct : CancellationToken.None);
        if (wait)
        {
            await work.ConfigureAwait(false);
        }
        else
        {
            _ = work.ContinueWith(t => log.LogError(t.Exception, "Recovery of {Collection} on node {Node} failed", collection, node.Index),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    /// <summary>The upload endpoint after spooling: verify, move into the collection's snapshot folder (it stays listed), recover.</summary>
    public async Task RecoverFromUploadAsync(string collection, UploadSpool.SpooledUpload upload, RecoveryPriority priority, string? checksum, bool wait)
    {
        if (checksum is not null && !Sha256File.Equal(upload.Sha256, checksum))
        {
            File.Delete(upload.Path);
            throw QdrantException.ChecksumMismatch(upload.Sha256, checksum);
        }

        var directory = Directory.CreateDirectory(node.Paths.CollectionSnapshots(collection)).FullName;
        var target = Path.Combine(directory, SnapshotNaming.SanitizeUploadName(upload.FileName));
        File.Move(upload.Path, target, overwrite: true);
        var work = Task.Run(() => Recover(collection, target, priority));
        if (wait)
        {
            await work.ConfigureAwait(false);
        }
        else
        {
            _ = work.ContinueWith(t => log.LogError(t.Exception, "Recovery of {Collection} on node {Node} failed", collection, node.Index),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private async Task RecoverFromLocationAsync(string collection, string location, RecoveryPriority priority, string? checksum, string? apiKey,
        CancellationToken ct)
    {
        using var source = await SnapshotLocation.ResolveAsync(location, apiKey, node, ct).ConfigureAwait(false);
        if (checksum is not null)
        {
            var actual = Sha256File.Compute(source.Path);
            if (!Sha256File.Equal(actual, checksum))
            {
                throw QdrantException.BadInput($"Snapshot checksum mismatch: expected {checksum}, got {actual}");
            }
        }

        await Task.Run(() => Recover(collection, source.Path, priority), ct).ConfigureAwait(false);
    }

    private void Recover(string collection, string archivePath, RecoveryPriority priority)
    {
        var work = Directory.CreateDirectory(Path.Combine(node.Paths.StorageTemp, $"col-{collection}-recovery-{Guid.NewGuid():N}")).FullName;
        try
        {
            SafeTarUnpacker.Unpack(archivePath, work);
            var content = SnapshotArchiveContent.Load(work, cluster.IsDistributed);
            var state = EnsureCompatibleCollection(collection, content);
            Install(state, content, priority);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private CollectionState EnsureCompatibleCollection(string collection, SnapshotArchiveContent content)
    {
        var state = cluster.Consensus.Find(collection);
        if (state is null)
        {
            try
            {
                return collections.Create(collection, content.Config);
            }
            catch (QdrantException) when (cluster.Consensus.Find(collection) is { } raced)
            {
                state = raced;
            }
        }

        if (!state.Config.Vectors.Equals(content.Config.Vectors))
        {
            throw QdrantException.BadInput("Snapshot is not compatible with existing collection: " +
                $"Collection vectors: {state.Config.Vectors.ToDebugString()} Snapshot Vectors: {content.Config.Vectors.ToDebugString()}");
        }

        if (state.Config.ShardNumber != content.Config.ShardNumber)
        {
            throw QdrantException.BadInput("Snapshot is not compatible with existing collection: " +
                $"Collection shard number: {state.Config.ShardNumber} Snapshot shard number: {content.Config.ShardNumber}");
        }

        return state;
    }

    private void Install(CollectionState state, SnapshotArchiveContent content, RecoveryPriority priority)
    {
        var previous = state.ShardIds.Where(s => state.Hosts(s, node.Index)).ToDictionary(s => s, s => state.ReplicasOf(s)[node.Index]);
        foreach (var shardId in previous.Keys)
        {
            cluster.Consensus.SetReplica(state.Name, shardId, node.Index, ReplicaState.ManualRecovery);
        }

        var pending = new HashSet<int>(state.ShardIds);
        try
        {
            foreach (var shardId in state.ShardIds)
            {
                if (content.HasData(shardId))
                {
                    var points = content.Points(shardId);
                    lock (ShardLocks.For(state.Name, shardId))
                    {
                        ShardStore.Replace(node.ShardDirectory(state.Name, shardId), points);
                    }

                    ApplyPriority(state, shardId, priority);
                }
                else if (previous.TryGetValue(shardId, out var before))
                {
                    // Only while still ManualRecovery (Qdrant proposes the old state with from_state): another node's
                    // recovery of this shard may have marked this replica Dead meanwhile, and that must stand.
                    cluster.Consensus.SetReplicaIf(state.Name, shardId, node.Index, ReplicaState.ManualRecovery, before);
                }

                pending.Remove(shardId);
            }
        }
        finally
        {
            foreach (var shardId in pending.Where(previous.ContainsKey))
            {
                cluster.Consensus.SetReplica(state.Name, shardId, node.Index, previous[shardId]);
            }
        }
    }

    /// <summary>§9.3, decided on the replica states from before the recovery started, as Qdrant's recover.rs does.</summary>
    private void ApplyPriority(CollectionState before, int shardId, RecoveryPriority priority)
    {
        var others = before.ReplicasOf(shardId).Where(r => r.Key != node.Index && r.Value == ReplicaState.Active).Select(r => r.Key).ToList();
        if (others.Count == 0 || priority == RecoveryPriority.NoSync)
        {
            cluster.Consensus.SetReplica(before.Name, shardId, node.Index, ReplicaState.Active);
            return;
        }

        if (priority == RecoveryPriority.Replica)
        {
            // The cluster's data wins: pull it from an existing replica over what was just restored.
            cluster.Consensus.SetReplica(before.Name, shardId, node.Index, ReplicaState.Partial);
            cluster.Transfers.Start(before.Name, shardId, others[0], node.Index, sync: true);
            return;
        }

        cluster.Consensus.SetReplica(before.Name, shardId, node.Index, ReplicaState.Active);
        var surplus = Math.Max(0, others.Count - (int)(before.Config.ReplicationFactor - 1));
        foreach (var peer in others)
        {
            if (surplus-- > 0)
            {
                cluster.Consensus.RemoveReplica(before.Name, shardId, peer);
                var surplusDirectory = cluster.Nodes[peer].ShardDirectory(before.Name, shardId);
                lock (ShardLocks.For(before.Name, shardId))
                {
                    if (Directory.Exists(surplusDirectory))
                    {
                        Directory.Delete(surplusDirectory, recursive: true);
                    }
                }
            }
            else
            {
                cluster.Consensus.SetReplica(before.Name, shardId, peer, ReplicaState.Dead);
                cluster.Transfers.Start(before.Name, shardId, node.Index, peer, sync: false);
            }
        }
    }
}
