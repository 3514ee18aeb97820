using PubSec.Dr.Lab.Storage;

namespace PubSec.Dr.Lab.Cluster;

/// <summary>
/// Background shard transfers that bring Dead replicas back: listed in shard_transfers for
/// <see cref="Hosting.LabOptions.TransferDuration"/> (Dead for the first half, Partial for the second, as the
/// receiving replica of a real transfer), then the source replica's data is copied and the target turns Active.
/// </summary>
internal sealed class ShardTransferService(LabCluster cluster)
{
    public void Start(string collection, int shardId, int fromNode, int toNode, bool sync)
    {
        var transfer = new ShardTransfer(collection, shardId, fromNode, toNode, sync);
        if (cluster.Consensus.TryAddTransfer(transfer))
        {
            _ = Task.Run(() => RunAsync(transfer));
        }
    }

    /// <summary>
    /// Re-syncs every consensus-Dead replica on a running node from an Active one, as Qdrant's peers do after a
    /// node comes back. A replica whose directory vanished while consensus says Active is NOT healed: that
    /// data loss stays visible until someone restores it.
    /// </summary>
    public void HealDeadReplicas()
    {
        foreach (var name in cluster.Consensus.CollectionNames())
        {
            if (cluster.Consensus.Find(name) is not { } collection)
            {
                continue;
            }

            foreach (var shardId in collection.ShardIds)
            {
                foreach (var (node, state) in collection.ReplicasOf(shardId))
                {
                    if (state != ReplicaState.Dead || !cluster.Nodes[node].Running)
                    {
                        continue;
                    }

                    var source = Replicas.Readable(cluster, collection, shardId, node).Where(n => n != node).Cast<int?>().FirstOrDefault();
                    if (source is { } from)
                    {
                        Start(name, shardId, from, node, sync: false);
                    }
                }
            }
        }
    }

    private async Task RunAsync(ShardTransfer transfer)
    {
        var completed = false;
        try
        {
            await Task.Delay(cluster.Options.TransferDuration / 2).ConfigureAwait(false);
            cluster.Consensus.SetReplica(transfer.Collection, transfer.ShardId, transfer.ToNode, ReplicaState.Partial);
            await Task.Delay(cluster.Options.TransferDuration / 2).ConfigureAwait(false);
            completed = CopyAndActivate(transfer);
        }
        finally
        {
            if (!completed)
            {
                cluster.Consensus.SetReplica(transfer.Collection, transfer.ShardId, transfer.ToNode, ReplicaState.Dead);
            }

            cluster.Consensus.RemoveTransfer(transfer);
        }
    }

    private bool CopyAndActivate(ShardTransfer transfer)
    {
        lock (ShardLocks.For(transfer.Collection, transfer.ShardId))
        {
            var from = cluster.Nodes[transfer.FromNode];
            var to = cluster.Nodes[transfer.ToNode];
            var collection = cluster.Consensus.Find(transfer.Collection);
            if (collection is null || !from.Running || !to.Running
                || Replicas.Effective(cluster, collection, transfer.ShardId, transfer.FromNode) != ReplicaState.Active)
            {
                return false;
            }

            var points = ShardStore.Read(from.ShardDirectory(transfer.Collection, transfer.ShardId));
            ShardStore.Replace(to.ShardDirectory(transfer.Collection, transfer.ShardId), points);
            cluster.Consensus.SetReplica(transfer.Collection, transfer.ShardId, transfer.ToNode, ReplicaState.Active);
            return true;
        }
    }
}
