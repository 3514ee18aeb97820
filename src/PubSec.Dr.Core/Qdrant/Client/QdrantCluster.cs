namespace PubSec.Dr.Qdrant.Client;

/// <summary>The nodes and point operations of one cluster, disposed together.</summary>
public sealed class QdrantCluster(IReadOnlyList<IQdrantNode> nodes, IQdrantPoints points) : IQdrantCluster
{
    public IReadOnlyList<IQdrantNode> Nodes { get; } = nodes;

    public IQdrantPoints Points { get; } = points;

    public void Dispose()
    {
        Points.Dispose();
        foreach (var node in Nodes)
        {
            node.Dispose();
        }
    }
}
