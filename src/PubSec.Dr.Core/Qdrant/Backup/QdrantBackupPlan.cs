using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Qdrant.Backup;

/// <summary>What a backup of one collection will do, worked out with read-only calls (used for -WhatIf too).</summary>
public sealed record QdrantBackupPlan(
    string Collection,
    QdrantCollectionConfig Config,
    string QdrantVersion,
    long? PointCount,
    IReadOnlyList<QdrantNodeView> Nodes)
{
    /// <summary>Why the exact count is missing, when it is.</summary>
    public string? CountProblem { get; init; }

    /// <summary>Why the live collection config is missing (Config then holds only the shard count), when it is.</summary>
    public string? ConfigProblem { get; init; }

    public string Describe() =>
        $"snapshot collection '{Collection}' ({PointCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown number of"} points, {Config.ShardNumber} shard(s) x {Config.ReplicationFactor} replica(s)) on "
        + string.Join(", ", Nodes.Select(n => $"{n.Client.DisplayUri} (peer {n.PeerId}, local shards [{string.Join(",", n.LocalShards.Select(s => s.ShardId))}])"));

    /// <summary>Says why a shard has no data in any part, from what each node reported about it.</summary>
    public string DescribeMissingShard(int shard)
    {
        var reports = Nodes
            .Select(n => (n, local: n.LocalShards.FirstOrDefault(s => s.ShardId == shard)))
            .Where(x => x.local is not null)
            .Select(x => $"peer {x.n.PeerId} reports it {x.local!.State}")
            .ToList();
        var seen = reports.Count == 0 ? "no node that was backed up hosts it" : string.Join("; ", reports);
        return $"Shard {shard} of '{Collection}' has no data in any part ({seen}). Restore every node that hosts shard {shard}, or include the missing node's URI.";
    }
}
