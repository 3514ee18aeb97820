using Microsoft.Extensions.Logging;
using PubSec.Dr.Lab.Cluster;
using PubSec.Dr.Lab.Snapshots;

namespace PubSec.Dr.Lab.Engine;

/// <summary>
/// Collection snapshots of one node. An archive is built in <c>&lt;storage&gt;/tmp/&lt;name&gt;-arc-XXXX</c>, hashed,
/// its sidecar written, and only then renamed into the snapshot folder, so List never shows a partial file and
/// a second snapshot in the same second overwrites the first (§2.1).
/// </summary>
internal sealed class SnapshotService(CollectionService collections, LabCluster cluster, LabNode node, ILogger<SnapshotService> log)
{
    public SnapshotDescription Create(string name)
    {
        var collection = collections.Get(name);
        var snapshotName = SnapshotNaming.ForCollection(name, node.PeerId, DateTime.UtcNow);
        var work = SnapshotPublisher.WorkDirectory(node.Paths.StorageTemp, snapshotName);
        try
        {
            var archive = Path.Combine(work, snapshotName);
            Build(collection, archive, work);
            return SnapshotPublisher.Publish(archive, node.Paths.CollectionSnapshots(name), snapshotName);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Writes this node's snapshot of <paramref name="collection"/> to <paramref name="archive"/>.</summary>
    public void Build(CollectionState collection, string archive, string work)
    {
        using var output = new FileStream(archive, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        new SnapshotArchiveWriter(cluster, node).Write(collection, output, work);
    }

    /// <summary>wait=false: checks the collection now, builds in the background; failures only reach the log, as in Qdrant.</summary>
    public void StartCreate(string name)
    {
        collections.Get(name);
        _ = Task.Run(() =>
        {
            try
            {
                Create(name);
            }
            catch (Exception ex)
            {
                log.LogError(ex, "Background snapshot of {Collection} on node {Node} failed", name, node.Index);
            }
        });
    }

    public IReadOnlyList<SnapshotDescription> List(string name)
    {
        collections.Get(name);
        return SnapshotCatalog.List(node.Paths.CollectionSnapshots(name));
    }

    public string PathOf(string name, string snapshot)
    {
        collections.Get(name);
        return SnapshotCatalog.Resolve(node.Paths.CollectionSnapshots(name), snapshot);
    }

    public void Delete(string name, string snapshot)
    {
        collections.Get(name);
        SnapshotCatalog.Delete(node.Paths.CollectionSnapshots(name), snapshot);
    }
}
