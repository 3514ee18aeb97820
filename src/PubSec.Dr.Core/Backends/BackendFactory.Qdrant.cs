using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Backends;

public sealed partial class BackendFactory
{
    public IQdrantCluster Qdrant(QdrantConnection connection)
    {
        var points = new QdrantGrpcGateway(connection);
        var nodes = connection.Nodes.Select(uri => (IQdrantNode)new QdrantRestClient(uri, connection.ApiKey, connection.Deadlines)).ToArray();
        return new QdrantCluster(nodes, points);
    }

    public IQdrantPoints QdrantPoints(QdrantConnection connection) => new QdrantGrpcGateway(connection);
}
