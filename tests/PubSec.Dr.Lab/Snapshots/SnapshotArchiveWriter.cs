using System.Formats.Tar;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Cluster;
using PubSec.Dr.Lab.Storage;

namespace PubSec.Dr.Lab.Snapshots;

/// <summary>
/// Writes a collection snapshot as Qdrant lays it out (§6.2): config.json, version.info, shard_key_mapping.json,
/// payload_index.json, and a directory per shard id. Only shards this node hosts AND still has on disk get
/// data (segments/, wal/, newest_clocks.json); the others get just shard_config.json and replica_state.json,
/// which is why a node without local shards yields a tiny data-less snapshot.
/// </summary>
internal sealed class SnapshotArchiveWriter(LabCluster cluster, LabNode node)
{
    public void Write(CollectionState collection, Stream output, string workDirectory)
    {
        using var tar = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true);
        TarEntries.Text(tar, "config.json", collection.Config.ToJson().ToJsonString());
        TarEntries.Text(tar, "version.info", "0.4.2");
        TarEntries.Text(tar, "shard_key_mapping.json", "{}");
        TarEntries.Text(tar, "payload_index.json", "{}");
        foreach (var shardId in collection.ShardIds)
        {
            var shardDirectory = node.ShardDirectory(collection.Name, shardId);
            var hasData = collection.Hosts(shardId, node.Index) && ShardStore.Exists(shardDirectory);
            var prefix = $"{shardId}/";
            TarEntries.Directory(tar, prefix);
            TarEntries.Text(tar, prefix + "shard_config.json", """{"type":"ReplicaSet"}""");
            TarEntries.Text(tar, prefix + "replica_state.json", ReplicaStateJson(collection, shardId, hasData));
            if (hasData)
            {
                WriteShardData(tar, prefix, shardDirectory, workDirectory);
            }
        }
    }

    private string ReplicaStateJson(CollectionState collection, int shardId, bool isLocal)
    {
        var peers = new JsonObject();
        foreach (var host in collection.ReplicasOf(shardId).Keys)
        {
            peers[cluster.PeerIdOf(host).ToString(System.Globalization.CultureInfo.InvariantCulture)] =
                Replicas.Effective(cluster, collection, shardId, host).ToString();
        }

        return new JsonObject { ["is_local"] = isLocal, ["this_peer_id"] = node.PeerId, ["peers"] = peers }.ToJsonString();
    }

    private void WriteShardData(TarWriter tar, string prefix, string shardDirectory, string workDirectory)
    {
        var points = ShardStore.Read(shardDirectory);
        var segmentId = Guid.NewGuid();
        var segmentFile = Path.Combine(workDirectory, $"{segmentId}.tar");
        SegmentArchive.Write(segmentFile, points);
        TarEntries.Directory(tar, prefix + "segments/");
        TarEntries.File(tar, $"{prefix}segments/{segmentId}.tar", segmentFile);
        File.Delete(segmentFile);

        TarEntries.Directory(tar, prefix + "wal/");
        var firstIndex = Path.Combine(shardDirectory, "wal", "first-index");
        if (File.Exists(firstIndex))
        {
            TarEntries.File(tar, prefix + "wal/first-index", firstIndex);
        }

        // The open WAL segment carries the configured padding: real snapshots are mostly WAL (§6.2, issue #3114).
        using (var padding = new WalPaddingStream(cluster.WalPaddingBytes, (ulong)Environment.TickCount64 ^ node.PeerId))
        {
            TarEntries.Stream(tar, prefix + "wal/open-1", padding);
        }

        var version = points.Select(p => p.Version).DefaultIfEmpty(0UL).Max();
        TarEntries.Text(tar, prefix + "newest_clocks.json",
            $"{{\"clocks\":[{{\"peer_id\":{node.PeerId},\"clock_id\":0,\"current_tick\":{version},\"token\":0}}]}}");
    }
}
