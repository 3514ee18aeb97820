using PubSec.Dr.Qdrant;

namespace PubSec.Dr.Backends;

public partial interface IBackendFactory
{
    /// <summary>Every node of the cluster (REST) and its point operations (gRPC), with the connection's deadlines.</summary>
    IQdrantCluster Qdrant(QdrantConnection connection);

    /// <summary>Only the cluster's point operations (gRPC): for comparisons, which need no node.</summary>
    IQdrantPoints QdrantPoints(QdrantConnection connection);
}
