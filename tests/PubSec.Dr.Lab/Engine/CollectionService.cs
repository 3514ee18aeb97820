using PubSec.Dr.Lab.Cluster;
using PubSec.Dr.Lab.Config;
using PubSec.Dr.Lab.Storage;

namespace PubSec.Dr.Lab.Engine;

/// <summary>Collection lifecycle and views for the node <paramref name="node"/> answers as.</summary>
internal sealed class CollectionService(LabCluster cluster, LabNode node)
{
    public IReadOnlyList<string> List() => cluster.Consensus.CollectionNames();

    public bool Exists(string name)
    {
        CollectionNameRules.Validate(name);
        return cluster.Consensus.Find(name) is not null;
    }

    public CollectionState Get(string name)
    {
        CollectionNameRules.Validate(name);
        return cluster.Consensus.Get(name);
    }

    /// <summary>Creates cluster-wide; every hosting node gets its empty shard directories, as consensus would apply it on each peer.</summary>
    public CollectionState Create(string name, CollectionConfig config)
    {
        CollectionNameRules.ValidateForCreate(name, "path parameters");
        var state = cluster.Consensus.Create(name, config);
        foreach (var shardId in state.ShardIds)
        {
            foreach (var host in state.ReplicasOf(shardId).Keys)
            {
                // The collection is visible from Consensus.Create on, so a recovery on another node (parallel
                // restores create the collection from whichever node comes first) may already be replacing this
                // shard; the shard lock keeps the two from deleting and creating the same directory at once.
                lock (ShardLocks.For(name, shardId))
                {
                    ShardStore.CreateEmpty(cluster.Nodes[host].ShardDirectory(name, shardId));
                }
            }
        }

        foreach (var peer in cluster.Nodes)
        {
            Directory.CreateDirectory(peer.Paths.CollectionSnapshots(name));
        }

        return state;
    }

    /// <summary>Qdrant answers `false` (not 404) for a collection that does not exist. Snapshot folders stay (issue #5558).</summary>
    public bool Delete(string name)
    {
        CollectionNameRules.Validate(name);
        if (!cluster.Consensus.Delete(name))
        {
            return false;
        }

        foreach (var peer in cluster.Nodes)
        {
            ShardStore.DeleteCollection(peer.Paths, name);
        }

        return true;
    }

    /// <summary>Cluster-wide info: points counted from one Active replica per shard, exactly.</summary>
    public CollectionInfo Info(string name)
    {
        var collection = Get(name);
        var points = (ulong)Replicas.ReadAll(cluster, collection, node.Index).LongCount();
        var segments = (ulong)collection.ShardIds.Count(shard => ShardStore.Exists(node.ShardDirectory(name, shard)) && collection.Hosts(shard, node.Index));
        return new CollectionInfo(collection, points, segments);
    }

    public CollectionClusterInfo ClusterInfo(string name)
    {
        var collection = Get(name);
        var local = new List<LocalShardInfo>();
        var remote = new List<RemoteShardInfo>();
        foreach (var shardId in collection.ShardIds)
        {
            foreach (var host in collection.ReplicasOf(shardId).Keys)
            {
                var state = Replicas.Effective(cluster, collection, shardId, host);
                if (host == node.Index)
                {
                    var count = ShardStore.Read(node.ShardDirectory(name, shardId)).Count;
                    local.Add(new LocalShardInfo(shardId, (ulong)count, state));
                }
                else
                {
                    remote.Add(new RemoteShardInfo(shardId, cluster.PeerIdOf(host), state));
                }
            }
        }

        var transfers = cluster.Consensus.Transfers(name)
            .Select(t => new ShardTransferInfo(t.ShardId, cluster.PeerIdOf(t.FromNode), cluster.PeerIdOf(t.ToNode), t.Sync))
            .ToList();
        return new CollectionClusterInfo(node.PeerId, (int)collection.Config.ShardNumber, local, remote, transfers);
    }

    /// <summary>/readyz: every local replica Active and every peer that shares one of our shards reachable.</summary>
    public bool AllShardsReady()
    {
        foreach (var name in cluster.Consensus.CollectionNames())
        {
            if (cluster.Consensus.Find(name) is not { } collection)
            {
                continue;
            }

            foreach (var shardId in collection.ShardIds.Where(shard => collection.Hosts(shard, node.Index)))
            {
                if (Replicas.Effective(cluster, collection, shardId, node.Index) != ReplicaState.Active
                    || collection.ReplicasOf(shardId).Keys.Any(peer => !cluster.Nodes[peer].Running))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
