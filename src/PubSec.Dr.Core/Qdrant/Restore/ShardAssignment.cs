namespace PubSec.Dr.Qdrant.Restore;

/// <summary>
/// Which part restores which shard of a replicated collection: every shard that has data in some part gets
/// exactly one part, so no two nodes ever recover the same shard (two recoveries of one shard can leave every
/// replica Dead, reference §9.3 / issue #7851) and all parts can go in parallel. Greedy by shard size: the
/// largest shard first, each to the part (among those holding its data) with the fewest bytes assigned so far,
/// so the bytes spread evenly over the nodes.
/// </summary>
public static class ShardAssignment
{
    /// <summary>
    /// The shards each part restores, in the order of <paramref name="parts"/>; an empty set means the part is not
    /// uploaded at all. Null when the manifest does not say which shards a part holds data for (a part without
    /// shard records), so no assignment can be trusted.
    /// </summary>
    public static IReadOnlyList<IReadOnlySet<int>>? Assign(IReadOnlyList<QdrantBackupPart> parts)
    {
        if (parts.Any(p => p.Shards.Length == 0) || !parts.Any(p => p.Shards.Any(s => s.HasData)))
        {
            return null;
        }

        var assigned = parts.Select(_ => new SortedSet<int>()).ToList();
        var load = new long[parts.Count];
        var shards = parts.SelectMany(p => p.Shards.Where(s => s.HasData))
            .GroupBy(s => s.ShardId)
            .Select(g => (ShardId: g.Key, Weight: Weight(g.Max(s => s.PointCount))))
            .OrderByDescending(s => s.Weight).ThenBy(s => s.ShardId);
        foreach (var (shardId, weight) in shards)
        {
            var best = Enumerable.Range(0, parts.Count)
                .Where(i => parts[i].Shards.Any(s => s.ShardId == shardId && s.HasData))
                .OrderBy(i => load[i]).ThenBy(i => assigned[i].Count).ThenBy(i => i)
                .First();
            assigned[best].Add(shardId);
            load[best] += weight;
        }

        return assigned;
    }

    /// <summary>The shards with data in <paramref name="part"/> (what an unfiltered upload of it restores).</summary>
    public static IReadOnlySet<int> DataShards(QdrantBackupPart part) => part.Shards.Where(s => s.HasData).Select(s => s.ShardId).ToHashSet();

    // The manifest records points per shard, not bytes; within one collection bytes grow with points. An empty
    // shard still costs an upload, so it weighs 1.
    private static long Weight(long points) => Math.Max(1, points);
}
