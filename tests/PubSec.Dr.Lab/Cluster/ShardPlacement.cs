namespace PubSec.Dr.Lab.Cluster;

/// <summary>
/// Where a new collection's replicas go: shard s lives on nodes (s + r) mod N for r in 0..replication_factor-1.
/// Deterministic, so with 3 shards × 2 replicas on 3 nodes every node holds a different pair of shards.
/// A replication factor above the node count is capped, as Qdrant can place at most one replica per peer.
/// </summary>
internal static class ShardPlacement
{
    public static IReadOnlyList<int> NodesFor(int shardId, uint replicationFactor, int nodeCount) =>
        Enumerable.Range(0, (int)Math.Min(replicationFactor, (uint)nodeCount)).Select(r => (shardId + r) % nodeCount).ToList();
}
