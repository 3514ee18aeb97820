using System.Globalization;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Snapshots;

namespace PubSec.Dr.Lab.Rest;

/// <summary>The REST shapes of collection info (§7.1), cluster info (§7.5) and snapshot descriptions (§5.1).</summary>
internal static class ModelJson
{
    public static JsonObject Snapshot(SnapshotDescription snapshot)
    {
        var json = new JsonObject
        {
            ["name"] = snapshot.Name,
            ["creation_time"] = snapshot.CreationTime?.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            ["size"] = snapshot.Size,
        };
        if (snapshot.Checksum is { } checksum)
        {
            json["checksum"] = checksum;
        }

        return json;
    }

    public static JsonObject CollectionInfo(CollectionInfo info) => new()
    {
        ["status"] = "green",
        ["optimizer_status"] = "ok",
        ["indexed_vectors_count"] = 0,
        ["points_count"] = info.PointsCount,
        ["segments_count"] = info.SegmentsCount,
        ["config"] = info.Collection.Config.ToJson(),
        ["payload_schema"] = new JsonObject(),
    };

    public static JsonObject ClusterInfo(CollectionClusterInfo info) => new()
    {
        ["peer_id"] = info.PeerId,
        ["shard_count"] = info.ShardCount,
        ["local_shards"] = new JsonArray(info.LocalShards.Select(s => (JsonNode)new JsonObject
        {
            ["shard_id"] = s.ShardId,
            ["points_count"] = s.PointsCount,
            ["state"] = s.State.ToString(),
        }).ToArray()),
        ["remote_shards"] = new JsonArray(info.RemoteShards.Select(s => (JsonNode)new JsonObject
        {
            ["shard_id"] = s.ShardId,
            ["peer_id"] = s.PeerId,
            ["state"] = s.State.ToString(),
        }).ToArray()),
        ["shard_transfers"] = new JsonArray(info.Transfers.Select(t => (JsonNode)new JsonObject
        {
            ["shard_id"] = t.ShardId,
            ["from"] = t.From,
            ["to"] = t.To,
            ["sync"] = t.Sync,
            ["method"] = Cluster.ShardTransfer.Method,
        }).ToArray()),
        ["resharding_operations"] = new JsonArray(),
    };
}
