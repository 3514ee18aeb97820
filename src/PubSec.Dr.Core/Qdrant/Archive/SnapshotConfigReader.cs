using System.Text.Json;

namespace PubSec.Dr.Qdrant.Archive;

/// <summary>
/// Reads the collection settings out of a snapshot's config.json (reference §6.2: the same shape as the
/// "config" of GET /collections/{c}). The snapshot is what a restore will create, so when the live cluster
/// cannot describe the collection, this is the authoritative source.
/// </summary>
internal static class SnapshotConfigReader
{
    public static QdrantCollectionConfig? Read(JsonElement parameters)
    {
        if (!TryUInt(parameters, "shard_number", out var shards) || shards == 0)
        {
            return null;
        }

        return new QdrantCollectionConfig
        {
            ShardNumber = shards,
            ReplicationFactor = TryUInt(parameters, "replication_factor", out var rf) ? rf : 1,
            WriteConsistencyFactor = TryUInt(parameters, "write_consistency_factor", out var wcf) ? wcf : 1,
            Vectors = ReadVectors(parameters),
        };
    }

    private static QdrantVectorConfig[] ReadVectors(JsonElement parameters)
    {
        if (!parameters.TryGetProperty("vectors", out var vectors) || vectors.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        // Either one unnamed space {size, distance} or a map of named spaces.
        if (vectors.TryGetProperty("size", out _))
        {
            return ReadVector(string.Empty, vectors) is { } single ? [single] : [];
        }

        return vectors.EnumerateObject()
            .Select(named => ReadVector(named.Name, named.Value))
            .OfType<QdrantVectorConfig>()
            .OrderBy(v => v.Name, StringComparer.Ordinal)
            .ToArray();
    }

    private static QdrantVectorConfig? ReadVector(string name, JsonElement vector) =>
        vector.ValueKind == JsonValueKind.Object
        && vector.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number && size.TryGetUInt64(out var n)
        && vector.TryGetProperty("distance", out var distance) && distance.ValueKind == JsonValueKind.String
            ? new QdrantVectorConfig { Name = name, Size = n, Distance = distance.GetString()! }
            : null;

    private static bool TryUInt(JsonElement parent, string name, out uint value)
    {
        value = 0;
        return parent.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetUInt32(out value);
    }
}
