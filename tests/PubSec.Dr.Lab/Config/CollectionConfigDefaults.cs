using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Config;

/// <summary>Qdrant 1.19's default tuning sections, so configs and snapshot config.json look like the real thing.</summary>
internal static class CollectionConfigDefaults
{
    public static JsonObject Hnsw() => new()
    {
        ["m"] = 16,
        ["ef_construct"] = 100,
        ["full_scan_threshold"] = 10000,
        ["max_indexing_threads"] = 0,
        ["on_disk"] = false,
    };

    public static JsonObject Optimizer() => new()
    {
        ["deleted_threshold"] = 0.2,
        ["vacuum_min_vector_number"] = 1000,
        ["default_segment_number"] = 0,
        ["max_segment_size"] = null,
        ["memmap_threshold"] = null,
        ["indexing_threshold"] = 10000,
        ["flush_interval_sec"] = 5,
        ["max_optimization_threads"] = null,
    };

    public static JsonObject Wal() => new()
    {
        ["wal_capacity_mb"] = 32,
        ["wal_segments_ahead"] = 0,
    };

    /// <summary>Applies a request's partial section (e.g. `hnsw_config: {m: 32}`) over the defaults.</summary>
    public static JsonObject Merge(JsonObject defaults, JsonNode? diff)
    {
        if (diff is JsonObject changes)
        {
            foreach (var (key, value) in changes)
            {
                defaults[key] = value?.DeepClone();
            }
        }

        return defaults;
    }
}
