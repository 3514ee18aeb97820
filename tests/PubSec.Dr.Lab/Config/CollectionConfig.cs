using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Config;

/// <summary>
/// A collection's configuration in the shape of `config` in GET /collections/{c} (reference §7.1), which is
/// also what a snapshot's config.json holds. The tuning sections are carried as JSON because the emulator
/// only stores and echoes them.
/// </summary>
internal sealed class CollectionConfig
{
    public required VectorsConfig Vectors { get; init; }

    public uint ShardNumber { get; init; } = 1;

    public uint ReplicationFactor { get; init; } = 1;

    public uint WriteConsistencyFactor { get; init; } = 1;

    public bool OnDiskPayload { get; init; } = true;

    public JsonObject HnswConfig { get; init; } = CollectionConfigDefaults.Hnsw();

    public JsonObject OptimizerConfig { get; init; } = CollectionConfigDefaults.Optimizer();

    public JsonObject WalConfig { get; init; } = CollectionConfigDefaults.Wal();

    public JsonObject ToJson() => new()
    {
        ["params"] = new JsonObject
        {
            ["vectors"] = Vectors.ToJson(),
            ["shard_number"] = ShardNumber,
            ["replication_factor"] = ReplicationFactor,
            ["write_consistency_factor"] = WriteConsistencyFactor,
            ["on_disk_payload"] = OnDiskPayload,
        },
        ["hnsw_config"] = HnswConfig.DeepClone(),
        ["optimizer_config"] = OptimizerConfig.DeepClone(),
        ["wal_config"] = WalConfig.DeepClone(),
        ["quantization_config"] = null,
    };

    /// <summary>Reads a config written by <see cref="ToJson"/> or by Qdrant itself (a snapshot's config.json).</summary>
    public static CollectionConfig FromJson(JsonNode? node, string where)
    {
        if (node is not JsonObject json || json["params"] is not JsonObject parameters)
        {
            throw QdrantException.Service($"{where}: missing field `params`");
        }

        return new CollectionConfig
        {
            Vectors = VectorsConfig.Parse(parameters["vectors"], where),
            ShardNumber = ReadCount(parameters, "shard_number", where),
            ReplicationFactor = ReadCount(parameters, "replication_factor", where),
            WriteConsistencyFactor = ReadCount(parameters, "write_consistency_factor", where),
            OnDiskPayload = parameters["on_disk_payload"] is JsonValue flag && flag.TryGetValue<bool>(out var onDisk) ? onDisk : true,
            HnswConfig = json["hnsw_config"] as JsonObject is { } hnsw ? (JsonObject)hnsw.DeepClone() : CollectionConfigDefaults.Hnsw(),
            OptimizerConfig = json["optimizer_config"] as JsonObject is { } optimizer ? (JsonObject)optimizer.DeepClone() : CollectionConfigDefaults.Optimizer(),
            WalConfig = json["wal_config"] as JsonObject is { } wal ? (JsonObject)wal.DeepClone() : CollectionConfigDefaults.Wal(),
        };
    }

    /// <summary>Reads a positive count field; absent means Qdrant's default of 1.</summary>
    internal static uint ReadCount(JsonObject json, string field, string where)
    {
        var node = json[field];
        if (node is null)
        {
            return 1;
        }

        if (node is not JsonValue value || !value.TryGetValue<uint>(out var count))
        {
            throw QdrantException.Format(where, $"{field}: invalid type, expected u32");
        }

        return count == 0 ? throw QdrantException.Validation(where, field, "value 0 invalid, must be 1 or more") : count;
    }
}
