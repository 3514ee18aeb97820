using System.Text.Json.Serialization;

namespace PubSec.Dr.Qdrant.Client;

// Wire shapes of the Qdrant REST API (reference §5.1, §7.4, §7.5). Only the fields the module reads.

public sealed record SnapshotDescription(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("creation_time")] string? CreationTime,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("checksum")] string? Checksum);

public sealed record QdrantRootInfo(
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("version")] string Version);

public sealed record LocalShardInfo(
    [property: JsonPropertyName("shard_id")] int ShardId,
    [property: JsonPropertyName("points_count")] long PointsCount,
    [property: JsonPropertyName("state")] string State);

public sealed record RemoteShardInfo(
    [property: JsonPropertyName("shard_id")] int ShardId,
    [property: JsonPropertyName("peer_id")] ulong PeerId,
    [property: JsonPropertyName("state")] string State);

public sealed record CollectionClusterInfo(
    [property: JsonPropertyName("peer_id")] ulong PeerId,
    [property: JsonPropertyName("shard_count")] int ShardCount,
    [property: JsonPropertyName("local_shards")] LocalShardInfo[] LocalShards,
    [property: JsonPropertyName("remote_shards")] RemoteShardInfo[] RemoteShards,
    [property: JsonPropertyName("shard_transfers")] ShardTransferInfo[]? ShardTransfers = null);

public sealed record ShardTransferInfo(
    [property: JsonPropertyName("shard_id")] int ShardId,
    [property: JsonPropertyName("from")] ulong From,
    [property: JsonPropertyName("to")] ulong To);

public sealed record ClusterStatus(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("peer_id")] ulong? PeerId,
    [property: JsonPropertyName("peers")] Dictionary<string, ClusterPeer>? Peers);

public sealed record ClusterPeer([property: JsonPropertyName("uri")] string Uri);
