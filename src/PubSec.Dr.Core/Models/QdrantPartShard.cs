namespace PubSec.Dr;

/// <summary>A shard as seen in one node's snapshot: what the node reported and whether the archive holds its data.</summary>
public sealed class QdrantPartShard
{
    public int ShardId { get; set; }

    /// <summary>Points the node reported for its local replica when the snapshot was taken.</summary>
    public long PointCount { get; set; }

    /// <summary>Replica state the node reported (Active, Dead, ...).</summary>
    public string State { get; set; } = string.Empty;

    /// <summary>True when the archive has the shard's segments/ and wal/ (Qdrant's own test for data).</summary>
    public bool HasData { get; set; }
}
