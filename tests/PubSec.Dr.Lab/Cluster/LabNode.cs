using PubSec.Dr.Lab.Storage;

namespace PubSec.Dr.Lab.Cluster;

/// <summary>One emulated Qdrant peer: its identity, folders, ports and whether its listeners are up.</summary>
internal sealed class LabNode(NodeIdentity identity, string dataDirectory)
{
    private volatile bool _running;

    public int Index => identity.Index;

    public ulong PeerId => identity.PeerId;

    public NodePaths Paths { get; } = new(Path.Combine(Path.GetFullPath(dataDirectory), $"node-{identity.Index}"));

    public int RestPort => identity.RestPort;

    public int GrpcPort => identity.GrpcPort;

    /// <summary>False while stopped: peers then see its replicas as Dead and writes skip it.</summary>
    public bool Running
    {
        get => _running;
        set => _running = value;
    }

    public string RestUri => $"http://127.0.0.1:{RestPort}";

    public string GrpcUri => $"http://127.0.0.1:{GrpcPort}";

    public string ShardDirectory(string collection, int shardId) => Paths.ShardDirectory(collection, shardId);
}
