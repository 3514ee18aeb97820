namespace PubSec.Dr;

/// <summary>The collection settings a restore target must match (vectors, shard_number) or should match.</summary>
public sealed class QdrantCollectionConfig
{
    public QdrantVectorConfig[] Vectors { get; set; } = [];

    public uint ShardNumber { get; set; }

    public uint ReplicationFactor { get; set; }

    public uint WriteConsistencyFactor { get; set; }
}
