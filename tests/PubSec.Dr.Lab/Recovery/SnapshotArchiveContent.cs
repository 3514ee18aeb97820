using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Config;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Points;
using PubSec.Dr.Lab.Snapshots;

namespace PubSec.Dr.Lab.Recovery;

/// <summary>
/// An unpacked collection snapshot, checked as Qdrant checks it (§6.3): config.json parses, every shard id has
/// a shard_config.json, and a shard carries data only when both wal/ and segments/ exist.
/// </summary>
internal sealed class SnapshotArchiveContent
{
    private readonly string _root;

    private SnapshotArchiveContent(string root, CollectionConfig config)
    {
        _root = root;
        Config = config;
    }

    public CollectionConfig Config { get; }

    public static SnapshotArchiveContent Load(string root, bool distributed)
    {
        var configPath = Path.Combine(root, "config.json");
        if (!File.Exists(configPath))
        {
            throw QdrantException.Service($"Can't read collection config due to No such file or directory at {configPath}");
        }

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(configPath));
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw QdrantException.Service($"json (de)serialization error: {ex.Message}");
        }

        var content = new SnapshotArchiveContent(root, CollectionConfig.FromJson(json, "config.json"));
        for (var shardId = 0; shardId < content.Config.ShardNumber; shardId++)
        {
            var shardConfig = Path.Combine(root, shardId.ToString(System.Globalization.CultureInfo.InvariantCulture), "shard_config.json");
            if (!File.Exists(shardConfig))
            {
                throw QdrantException.Service($"Can't read shard config at {shardConfig}");
            }

            if (!distributed && !content.HasData(shardId))
            {
                throw QdrantException.Service($"Can't restore snapshot in local mode with missing data at shard: {shardId}");
            }
        }

        return content;
    }

    public bool HasData(int shardId)
    {
        var shard = ShardPath(shardId);
        return Directory.Exists(Path.Combine(shard, "wal")) && Directory.Exists(Path.Combine(shard, "segments"));
    }

    /// <summary>The shard's points from all its segment tars; when a point appears twice the higher version wins.</summary>
    public IReadOnlyList<StoredPoint> Points(int shardId)
    {
        var byId = new Dictionary<PointId, StoredPoint>();
        foreach (var segment in Directory.EnumerateFiles(Path.Combine(ShardPath(shardId), "segments"), "*.tar"))
        {
            foreach (var point in SegmentArchive.Read(segment))
            {
                if (!byId.TryGetValue(point.Id, out var existing) || existing.Version <= point.Version)
                {
                    byId[point.Id] = point;
                }
            }
        }

        return byId.Values.ToList();
    }

    private string ShardPath(int shardId) => Path.Combine(_root, shardId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
