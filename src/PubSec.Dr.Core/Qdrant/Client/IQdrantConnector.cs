namespace PubSec.Dr.Qdrant.Client;

/// <summary>
/// Makes Qdrant connections (the backend factory's Qdrant part). Engines that open a cluster of their own (a
/// comparison with another cluster, a scratch restore) take this, not the whole factory.
/// </summary>
public interface IQdrantConnector
{
    /// <summary>Every node of the cluster (REST) and its point operations (gRPC), with the connection's deadlines.</summary>
    IQdrantCluster Qdrant(QdrantConnection connection);

    /// <summary>Only the cluster's point operations (gRPC): for comparisons, which need no node.</summary>
    IQdrantPoints QdrantPoints(QdrantConnection connection);
}
