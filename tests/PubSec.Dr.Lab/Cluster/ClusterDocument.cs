using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PubSec.Dr.Lab.Cluster;

/// <summary>
/// The lab's persisted "consensus" (<c>&lt;data&gt;/cluster.json</c>): node identities and ports, so a restart
/// rebinds the same addresses with the same peer ids, and every collection's config and replica placement.
/// </summary>
internal sealed class ClusterDocument
{
    [JsonPropertyName("adminPort")]
    public int AdminPort { get; set; }

    [JsonPropertyName("nodes")]
    public List<NodeIdentity> Nodes { get; set; } = [];

    [JsonPropertyName("collections")]
    public SortedDictionary<string, CollectionDocument> Collections { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class NodeIdentity
{
    [JsonPropertyName("index")]
    public int Index { get; set; }

    [JsonPropertyName("peerId")]
    public ulong PeerId { get; set; }

    [JsonPropertyName("restPort")]
    public int RestPort { get; set; }

    [JsonPropertyName("grpcPort")]
    public int GrpcPort { get; set; }
}

internal sealed class CollectionDocument
{
    [JsonPropertyName("config")]
    public JsonObject Config { get; set; } = [];

    [JsonPropertyName("createdAt")]
    public DateTime CreatedAt { get; set; }

    /// <summary>shard id → node index → consensus replica state.</summary>
    [JsonPropertyName("shards")]
    public SortedDictionary<int, SortedDictionary<int, ReplicaState>> Shards { get; set; } = [];
}
