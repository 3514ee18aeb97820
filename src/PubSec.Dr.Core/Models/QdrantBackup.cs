using System.Text.Json.Serialization;

namespace PubSec.Dr;

/// <summary>
/// A backup of one Qdrant collection across every node of a cluster. Serialized as the manifest, which is
/// written last: a backup without a manifest does not exist as far as the catalog is concerned.
/// </summary>
public sealed class QdrantBackup : DrBackup
{
    public const string KindName = "Qdrant";

    public override string Kind => KindName;

    public string Collection { get; set; } = string.Empty;

    public string QdrantVersion { get; set; } = string.Empty;

    public string[] Nodes { get; set; } = [];

    public QdrantCollectionConfig Config { get; set; } = new();

    /// <summary>Exact point count of the collection when the backup started; null when Qdrant could not count (then the backup is Incomplete).</summary>
    public long? PointCount { get; set; }

    public QdrantBackupPart[] Parts { get; set; } = [];

    /// <summary>Points sampled just before the snapshots (id and digests), to check a restore against.</summary>
    public QdrantPointDigest[] Sample { get; set; } = [];

    /// <summary>Searches recorded just before the snapshots, to check a restore's search results against.</summary>
    public QdrantGoldenQuery[] GoldenQueries { get; set; } = [];

    /// <summary>Shard ids no part holds data for. Non-empty means the backup is Incomplete.</summary>
    public int[] MissingShards { get; set; } = [];

    [JsonIgnore]
    public override IReadOnlyList<BackupPart> AllParts => Parts;

    [JsonIgnore]
    public override string Source => Collection;

    [JsonIgnore]
    public uint ShardNumber => Config.ShardNumber;

    [JsonIgnore]
    public uint ReplicationFactor => Config.ReplicationFactor;
}
