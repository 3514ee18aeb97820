using PubSec.Dr.Lab.Hosting;

namespace PubSec.Dr.Lab.Cluster;

/// <summary>
/// Everything the nodes share in this one process: the consensus, the peers and the runtime options.
/// A real cluster shares these through Raft and the p2p port; here they are plain objects.
/// </summary>
internal sealed class LabCluster
{
    private long _walPaddingBytes;

    public LabCluster(LabOptions options, Consensus consensus)
    {
        Options = options;
        Consensus = consensus;
        Nodes = consensus.Nodes.Select(identity => new LabNode(identity, options.DataDirectory)).ToList();
        _walPaddingBytes = options.WalPaddingBytes;
        Transfers = new ShardTransferService(this);
    }

    public LabOptions Options { get; }

    public Consensus Consensus { get; }

    public IReadOnlyList<LabNode> Nodes { get; }

    public ShardTransferService Transfers { get; }

    /// <summary>Extra incompressible WAL bytes per local shard in each snapshot; changeable at runtime (PUT /lab/options).</summary>
    public long WalPaddingBytes
    {
        get => Interlocked.Read(ref _walPaddingBytes);
        set => Interlocked.Exchange(ref _walPaddingBytes, value);
    }

    /// <summary>Standalone when there is one node: /cluster says "disabled", as a Qdrant without cluster mode does.</summary>
    public bool IsDistributed => Nodes.Count > 1;

    public ulong PeerIdOf(int node) => Nodes[node].PeerId;
}
