using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Readiness;

/// <summary>
/// Whether every shard of a collection is Active on every replica, from what each node answered for it. A node's
/// own (local) shards are taken from that node; replicas on nodes that did not answer from the others' view of
/// them (remote shards), which is where Qdrant marks a lost peer's replicas Dead.
/// </summary>
internal static class QdrantShardRules
{
    public sealed record NodeAnswer(string Node, CollectionClusterInfo? Info, string? Error);

    public static (ReadinessStatus Status, string Observed) Evaluate(IReadOnlyList<NodeAnswer> answers)
    {
        var answered = answers.Where(a => a.Info is not null).Select(a => a.Info!).ToList();
        if (answered.Count == 0)
        {
            return (ReadinessStatus.Failed, $"no node answered: {string.Join("; ", answers.Select(a => $"{a.Node}: {a.Error}"))}");
        }

        var replicas = new Dictionary<(int Shard, ulong Peer), string>();
        foreach (var info in answered)
        {
            foreach (var local in info.LocalShards)
            {
                replicas[(local.ShardId, info.PeerId)] = local.State;
            }
        }

        foreach (var remote in answered.SelectMany(info => info.RemoteShards))
        {
            replicas.TryAdd((remote.ShardId, remote.PeerId), remote.State);
        }

        var shardCount = answered.Max(info => info.ShardCount);
        var problems = replicas.Where(r => !string.Equals(r.Value, "Active", StringComparison.OrdinalIgnoreCase))
            .OrderBy(r => r.Key.Shard).ThenBy(r => r.Key.Peer)
            .Select(r => $"shard {r.Key.Shard} on peer {r.Key.Peer}: {r.Value}")
            .Concat(Enumerable.Range(0, shardCount).Where(s => !replicas.Keys.Any(k => k.Shard == s)).Select(s => $"shard {s}: no replica"))
            .ToList();
        var silent = answers.Where(a => a.Info is null).Select(a => a.Node).ToList();
        var note = silent.Count == 0 ? string.Empty : $" (not answering: {string.Join(", ", silent)})";
        return problems.Count == 0
            ? (ReadinessStatus.Passed, $"{shardCount} shard(s), {replicas.Count} replica(s), all Active{note}")
            : (ReadinessStatus.Failed, string.Join("; ", problems) + note);
    }
}
