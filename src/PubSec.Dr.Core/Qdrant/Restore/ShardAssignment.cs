namespace PubSec.Dr.Qdrant.Restore;

/// <summary>
/// Which part restores which shard of a replicated collection: every shard that has data in some part gets
/// exactly one part, so no two nodes ever recover the same shard (two recoveries of one shard can leave every
/// replica Dead, reference §9.3 / issue #7851), and as few parts as possible are sent (a small set cover).
/// <para>
/// Fewer parts, not evenly spread bytes, is what makes a replicated restore fast: the nodes of a replicated
/// collection must recover one at a time with the cluster settling in between (QdrantRestoreEngine.PlanUploads), so
/// every part sent costs one more recovery turn and one more wait for Qdrant's shard transfers. Qdrant re-syncs the
/// other replicas from the restored one either way (priority=snapshot), so the bytes moved inside the cluster do
/// not change. A part that restores everything it holds goes whole, so Qdrant checks the manifest's checksum itself.
/// </para>
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

        var weights = parts.SelectMany(p => p.Shards.Where(s => s.HasData))
            .GroupBy(s => s.ShardId)
            .ToDictionary(g => g.Key, g => Weight(g.Max(s => s.PointCount)));
        // A replica that was not Active when its snapshot was taken (Dead, Partial, recovering) may hold stale or half
        // data: a shard is restored from an Active replica's data whenever some part has one. A sent part drops the
        // other copy like any shard another part restores.
        var activeSomewhere = parts.SelectMany(p => p.Shards).Where(s => s.HasData && IsActive(s)).Select(s => s.ShardId).ToHashSet();
        var holds = parts.Select(p => p.Shards.Where(s => s.HasData && (IsActive(s) || !activeSomewhere.Contains(s.ShardId))).Select(s => s.ShardId).ToHashSet())
            .ToList();
        var dataCounts = parts.Select(p => DataShards(p).Count).ToArray();
        var assigned = parts.Select(_ => new SortedSet<int>()).ToList();
        var uncovered = weights.Keys.ToHashSet();
        // Greedy set cover: the part that restores the most of what is still missing, then the one that would drop
        // the least (it then goes whole, or nearly), then the first. The fewest parts is NP-hard in general; greedy
        // finds it when one node held every shard, and is within a logarithmic factor of it otherwise.
        while (uncovered.Count > 0)
        {
            // What a part would restore now; every other shard with data in it would be dropped (filtered out).
            var best = Enumerable.Range(0, parts.Count)
                .Where(i => assigned[i].Count == 0)
                .Select(i => (Part: i, Restores: holds[i].Where(uncovered.Contains).ToList()))
                .Where(c => c.Restores.Count > 0)
                .OrderByDescending(c => c.Restores.Sum(s => weights[s])).ThenBy(c => dataCounts[c.Part] - c.Restores.Count).ThenBy(c => c.Part)
                .First();
            assigned[best.Part].UnionWith(best.Restores);
            uncovered.ExceptWith(best.Restores);
        }

        return assigned;
    }

    /// <summary>The shards with data in <paramref name="part"/> (what an unfiltered upload of it restores).</summary>
    public static IReadOnlySet<int> DataShards(QdrantBackupPart part) => part.Shards.Where(s => s.HasData).Select(s => s.ShardId).ToHashSet();

    private static bool IsActive(QdrantPartShard shard) => string.Equals(shard.State, "Active", StringComparison.OrdinalIgnoreCase);

    // The manifest records points per shard, not bytes; within one collection bytes grow with points. An empty
    // shard still costs an upload, so it weighs 1.
    private static long Weight(long points) => Math.Max(1, points);
}
