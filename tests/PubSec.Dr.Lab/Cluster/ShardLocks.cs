using System.Collections.Concurrent;

namespace PubSec.Dr.Lab.Cluster;

/// <summary>
/// One lock per (collection, shard) across all nodes: a write to every replica, a transfer's final copy and a
/// recovery's install are serialised, so no write can slip between a transfer's copy and the target's activation.
/// </summary>
internal static class ShardLocks
{
    private static readonly ConcurrentDictionary<(string Collection, int Shard), Lock> Locks = new();

    public static Lock For(string collection, int shardId) => Locks.GetOrAdd((collection, shardId), _ => new Lock());
}
