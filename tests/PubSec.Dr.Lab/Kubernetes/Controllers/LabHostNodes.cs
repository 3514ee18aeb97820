using PubSec.Dr.Lab.Hosting;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>The lab's nodes as the emulated kubelet sees them: <see cref="LabHost"/>'s node operations.</summary>
internal sealed class LabHostNodes(LabHost host) : IQdrantNodes
{
    public int Count => host.Cluster.Nodes.Count;

    public bool IsRunning(int index) => host.Cluster.Nodes[index].Running;

    public string RestUri(int index) => host.Cluster.Nodes[index].RestUri;

    public Task StartAsync(int index) => host.StartNodeAsync(index);

    public Task StopAsync(int index) => host.StopNodeAsync(index);

    public Task WipeAsync(int index) => host.WipeNodeAsync(index);

    public void ForgetClusterStateIfNoStorageSurvives()
    {
        var nodes = host.Cluster.Nodes;
        // A started node recreates an empty storage folder; an empty folder holds no Raft state either.
        if (nodes.Any(n => n.Running || (Directory.Exists(n.Paths.Storage) && Directory.EnumerateFileSystemEntries(n.Paths.Storage).Any())))
        {
            return;
        }

        foreach (var name in host.Cluster.Consensus.CollectionNames())
        {
            host.Cluster.Consensus.Delete(name);
        }
    }
}
