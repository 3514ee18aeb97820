using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Config;

/// <summary>Turns the body of PUT /collections/{c} into a configuration, with Qdrant's 400/422 split.</summary>
internal static class CreateCollectionRequest
{
    private const string Where = "JSON body";

    public static CollectionConfig Parse(JsonNode? body)
    {
        if (body is not JsonObject json)
        {
            throw QdrantException.Format(Where, "invalid type: expected struct CreateCollection");
        }

        bool onDiskPayload = true;
        if (json["on_disk_payload"] is { } onDiskNode)
        {
            if (onDiskNode is not JsonValue flag || !flag.TryGetValue(out onDiskPayload))
            {
                throw QdrantException.Format(Where, "on_disk_payload: invalid type, expected a boolean");
            }
        }

        return new CollectionConfig
        {
            Vectors = VectorsConfig.Parse(json["vectors"], Where),
            ShardNumber = CollectionConfig.ReadCount(json, "shard_number", Where),
            ReplicationFactor = CollectionConfig.ReadCount(json, "replication_factor", Where),
            WriteConsistencyFactor = CollectionConfig.ReadCount(json, "write_consistency_factor", Where),
            OnDiskPayload = onDiskPayload,
            HnswConfig = CollectionConfigDefaults.Merge(CollectionConfigDefaults.Hnsw(), json["hnsw_config"]),
            OptimizerConfig = CollectionConfigDefaults.Merge(CollectionConfigDefaults.Optimizer(), json["optimizers_config"]),
            WalConfig = CollectionConfigDefaults.Merge(CollectionConfigDefaults.Wal(), json["wal_config"]),
        };
    }
}
