using System.Formats.Tar;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PubSec.Dr.Lab.Cluster;
using PubSec.Dr.Lab.Snapshots;

namespace PubSec.Dr.Lab.Engine;

/// <summary>
/// Full-storage snapshots of one node (§3): <c>full-snapshot-{ts}.snapshot</c> directly in the snapshots
/// folder, a tar of one collection snapshot per collection plus a config.json mapping collection → file.
/// Qdrant offers no API to restore them, and neither does the lab.
/// </summary>
internal sealed class FullSnapshotService(SnapshotService snapshots, LabCluster cluster, LabNode node, ILogger<FullSnapshotService> log)
{
    public SnapshotDescription Create()
    {
        var now = DateTime.UtcNow;
        var name = $"full-snapshot-{now.ToString("yyyy-MM-dd-HH-mm-ss", CultureInfo.InvariantCulture)}{SnapshotNaming.Extension}";
        var work = SnapshotPublisher.WorkDirectory(node.Paths.StorageTemp, name);
        try
        {
            var mapping = new JsonObject();
            var parts = new List<string>();
            foreach (var collectionName in cluster.Consensus.CollectionNames())
            {
                if (cluster.Consensus.Find(collectionName) is not { } collection)
                {
                    continue;
                }

                var partName = SnapshotNaming.ForCollection(collectionName, node.PeerId, now);
                snapshots.Build(collection, Path.Combine(work, partName), work);
                mapping[collectionName] = partName;
                parts.Add(partName);
            }

            var archive = Path.Combine(work, name);
            using (var output = new FileStream(archive, FileMode.CreateNew, FileAccess.Write))
            using (var tar = new TarWriter(output, TarEntryFormat.Gnu))
            {
                foreach (var part in parts)
                {
                    TarEntries.File(tar, part, Path.Combine(work, part));
                }

                TarEntries.Text(tar, "config.json",
                    new JsonObject { ["collections_mapping"] = mapping, ["collections_aliases"] = new JsonObject() }.ToJsonString());
            }

            return SnapshotPublisher.Publish(archive, node.Paths.Snapshots, name);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>wait=false: built in the background; failures only reach the log, as in Qdrant.</summary>
    public void StartCreate() => _ = Task.Run(() =>
    {
        try
        {
            Create();
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Background full snapshot on node {Node} failed", node.Index);
        }
    });

    public IReadOnlyList<SnapshotDescription> List() => SnapshotCatalog.List(node.Paths.Snapshots);

    public string PathOf(string name) => SnapshotCatalog.Resolve(node.Paths.Snapshots, name);

    public void Delete(string name) => SnapshotCatalog.Delete(node.Paths.Snapshots, name);
}
