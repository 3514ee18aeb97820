using PubSec.Dr.Lab.Config;

namespace PubSec.Dr.Lab.Cluster;

/// <summary>
/// An immutable copy of one collection's consensus state: configuration and, per shard, the consensus
/// replica state of each hosting node. Callers get a copy so they never race a concurrent consensus change.
/// </summary>
internal sealed record CollectionState(
    string Name,
    CollectionConfig Config,
    DateTime CreatedAt,
    IReadOnlyDictionary<int, IReadOnlyDictionary<int, ReplicaState>> Shards)
{
    public IEnumerable<int> ShardIds => Enumerable.Range(0, (int)Config.ShardNumber);

    public IReadOnlyDictionary<int, ReplicaState> ReplicasOf(int shardId) =>
        Shards.TryGetValue(shardId, out var replicas) ? replicas : new Dictionary<int, ReplicaState>();

    public bool Hosts(int shardId, int node) => ReplicasOf(shardId).ContainsKey(node);
}
