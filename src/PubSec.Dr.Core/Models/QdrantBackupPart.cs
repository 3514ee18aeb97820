namespace PubSec.Dr;

/// <summary>One node's collection snapshot inside a cluster backup.</summary>
public sealed class QdrantBackupPart : BackupPart
{
    /// <summary>REST URI of the node the snapshot came from (user info stripped).</summary>
    public string NodeUri { get; set; } = string.Empty;

    public ulong PeerId { get; set; }

    public string SnapshotName { get; set; } = string.Empty;

    /// <summary>The checksum Qdrant reported for the snapshot, when it reported one.</summary>
    public string? QdrantChecksum { get; set; }

    public QdrantPartShard[] Shards { get; set; } = [];
}
