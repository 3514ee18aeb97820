namespace PubSec.Dr.Qdrant;

/// <summary>What a backup of one collection will do, worked out with read-only calls (used for -WhatIf too).</summary>
public sealed record QdrantBackupPlan(
    string Collection,
    QdrantCollectionConfig Config,
    string QdrantVersion,
    long PointCount,
    IReadOnlyList<QdrantNodeView> Nodes)
{
    public string Describe() =>
        $"snapshot collection '{Collection}' ({PointCount} points, {Config.ShardNumber} shard(s) x {Config.ReplicationFactor} replica(s)) on "
        + string.Join(", ", Nodes.Select(n => $"{n.Client.DisplayUri} (peer {n.PeerId}, local shards [{string.Join(",", n.LocalShards.Select(s => s.ShardId))}])"));
}
