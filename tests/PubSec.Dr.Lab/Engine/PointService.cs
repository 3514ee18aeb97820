using PubSec.Dr.Lab.Cluster;
using PubSec.Dr.Lab.Config;
using PubSec.Dr.Lab.Points;
using PubSec.Dr.Lab.Storage;

namespace PubSec.Dr.Lab.Engine;

/// <summary>
/// Point reads and writes for the node <paramref name="node"/> answers as. Ids route to shard hash(id) mod
/// shard_number; writes go to every Active replica on a running node (a replica on a stopped node is marked
/// Dead, as a failed write does in Qdrant); reads use one Active replica per shard, the asked node's first.
/// </summary>
internal sealed class PointService(CollectionService collections, LabCluster cluster, LabNode node)
{
    public UpdateResult Upsert(string name, IReadOnlyList<PointInput> inputs, bool wait)
    {
        var collection = collections.Get(name);
        var prepared = inputs.Select(input => Prepare(collection.Config.Vectors, input)).ToList();
        ulong operation = 0;
        foreach (var group in prepared.GroupBy(p => p.Id.ShardOf(collection.Config.ShardNumber)))
        {
            operation = Math.Max(operation, Apply(collection, group.Key, (points, version) =>
            {
                var byId = points.ToDictionary(p => p.Id);
                foreach (var input in group)
                {
                    byId[input.Id] = new StoredPoint(input.Id, version, input.Vectors, input.Payload);
                }

                return byId.Values;
            }));
        }

        return new UpdateResult(operation, wait);
    }

    public UpdateResult Delete(string name, IReadOnlyCollection<PointId>? ids, PointFilter? filter, bool wait)
    {
        var collection = collections.Get(name);
        var shards = ids is null
            ? collection.ShardIds.ToList()
            : ids.Select(id => id.ShardOf(collection.Config.ShardNumber)).Distinct().ToList();
        ulong operation = 0;
        foreach (var shardId in shards)
        {
            operation = Math.Max(operation, Apply(collection, shardId, (points, _) => points.Where(p =>
                !((ids is null || ids.Contains(p.Id)) && (filter is null || filter.Matches(p))))));
        }

        return new UpdateResult(operation, wait);
    }

    public ulong Count(string name, PointFilter? filter)
    {
        var collection = collections.Get(name);
        return (ulong)Replicas.ReadAll(cluster, collection, node.Index).LongCount(p => PointFilter.Accepts(filter, p));
    }

    /// <summary>Ids ascending (integers before UUIDs), starting at <paramref name="offset"/> inclusive.</summary>
    public ScrollPage Scroll(string name, PointFilter? filter, PointId? offset, int limit)
    {
        var collection = collections.Get(name);
        var matching = Replicas.ReadAll(cluster, collection, node.Index)
            .Where(p => PointFilter.Accepts(filter, p) && (offset is not { } start || p.Id.CompareTo(start) >= 0))
            .OrderBy(p => p.Id)
            .Take(limit + 1)
            .ToList();
        return matching.Count > limit
            ? new ScrollPage(matching.Take(limit).ToList(), matching[limit].Id)
            : new ScrollPage(matching, null);
    }

    public IReadOnlyList<ScoredPoint> Search(string name, SearchQuery query)
    {
        var collection = collections.Get(name);
        var space = collection.Config.Vectors.Resolve(query.VectorName);
        CheckDimension(space, query.Vector);
        var vector = VectorMath.Preprocess(query.Vector, space.Distance);
        var higherIsBetter = VectorMath.HigherIsBetter(space.Distance);
        var scored = Replicas.ReadAll(cluster, collection, node.Index)
            .Where(p => PointFilter.Accepts(query.Filter, p) && p.Vectors.ContainsKey(query.VectorName))
            .Select(p => new ScoredPoint(p, VectorMath.Score(vector, p.Vectors[query.VectorName], space.Distance)))
            .Where(s => query.ScoreThreshold is not { } threshold || (higherIsBetter ? s.Score >= threshold : s.Score <= threshold));
        var ordered = higherIsBetter ? scored.OrderByDescending(s => s.Score) : scored.OrderBy(s => s.Score);
        return ordered.ThenBy(s => s.Point.Id).Skip(query.Offset).Take(query.Limit).ToList();
    }

    private static PointInput Prepare(VectorsConfig config, PointInput input)
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, values) in input.Vectors)
        {
            var space = config.Resolve(name);
            CheckDimension(space, values);
            vectors[name] = VectorMath.Preprocess(values, space.Distance);
        }

        return input with { Vectors = vectors };
    }

    private static void CheckDimension(VectorParams space, float[] vector)
    {
        if ((ulong)vector.Length != space.Size)
        {
            throw QdrantException.BadInput($"Vector dimension error: expected dim: {space.Size}, got {vector.Length}");
        }
    }

    /// <summary>Applies one change to every writable replica of a shard under the shard's cluster-wide lock; returns the operation's version.</summary>
    private ulong Apply(CollectionState collection, int shardId, Func<IReadOnlyList<StoredPoint>, ulong, IEnumerable<StoredPoint>> change)
    {
        lock (ShardLocks.For(collection.Name, shardId))
        {
            var current = cluster.Consensus.Get(collection.Name);
            var targets = new List<LabNode>();
            foreach (var (host, state) in current.ReplicasOf(shardId))
            {
                var peer = cluster.Nodes[host];
                if (state != ReplicaState.Active)
                {
                    continue;
                }

                if (!peer.Running)
                {
                    // The write cannot reach it: Qdrant deactivates such a replica so it is re-synced later.
                    cluster.Consensus.SetReplica(current.Name, shardId, host, ReplicaState.Dead);
                    continue;
                }

                if (ShardStore.Exists(peer.ShardDirectory(current.Name, shardId)))
                {
                    targets.Add(peer);
                }
            }

            if (targets.Count == 0)
            {
                throw Replicas.NoActiveReplica(cluster, shardId, node.Index);
            }

            var version = ShardStore.Read(targets[0].ShardDirectory(current.Name, shardId)).Select(p => p.Version).DefaultIfEmpty(0UL).Max() + 1;
            foreach (var peer in targets)
            {
                var directory = peer.ShardDirectory(current.Name, shardId);
                ShardStore.Write(directory, change(ShardStore.Read(directory), version).ToList());
            }

            return version;
        }
    }
}
