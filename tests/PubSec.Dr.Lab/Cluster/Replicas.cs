using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Points;
using PubSec.Dr.Lab.Storage;

namespace PubSec.Dr.Lab.Cluster;

/// <summary>
/// The replica state every view reports: the consensus state, except that a replica on a stopped node, or one
/// whose shard directory is gone from disk, is Dead — it cannot serve data whatever the consensus believes.
/// </summary>
internal static class Replicas
{
    public static ReplicaState Effective(LabCluster cluster, CollectionState collection, int shardId, int node)
    {
        if (!collection.ReplicasOf(shardId).TryGetValue(node, out var state))
        {
            return ReplicaState.Dead;
        }

        var host = cluster.Nodes[node];
        if (!host.Running || !ShardStore.Exists(host.ShardDirectory(collection.Name, shardId)))
        {
            return ReplicaState.Dead;
        }

        return state;
    }

    /// <summary>Nodes that can answer reads for a shard, the preferred (asked) node first.</summary>
    public static IEnumerable<int> Readable(LabCluster cluster, CollectionState collection, int shardId, int preferredNode) =>
        collection.ReplicasOf(shardId).Keys
            .Where(node => Effective(cluster, collection, shardId, node) == ReplicaState.Active)
            .OrderBy(node => node == preferredNode ? 0 : 1)
            .ThenBy(node => node);

    /// <summary>One Active replica's points, read from disk now.</summary>
    public static IReadOnlyList<StoredPoint> ReadShard(LabCluster cluster, CollectionState collection, int shardId, int askedNode)
    {
        foreach (var node in Readable(cluster, collection, shardId, askedNode))
        {
            return ShardStore.Read(cluster.Nodes[node].ShardDirectory(collection.Name, shardId));
        }

        throw NoActiveReplica(cluster, shardId, askedNode);
    }

    /// <summary>Every point of the collection, one Active replica per shard.</summary>
    public static IEnumerable<StoredPoint> ReadAll(LabCluster cluster, CollectionState collection, int askedNode) =>
        collection.ShardIds.SelectMany(shard => ReadShard(cluster, collection, shard, askedNode));

    public static QdrantException NoActiveReplica(LabCluster cluster, int shardId, int askedNode) =>
        QdrantException.Service($"The replica set for shard {shardId} on peer {cluster.PeerIdOf(askedNode)} has no active replica");
}
