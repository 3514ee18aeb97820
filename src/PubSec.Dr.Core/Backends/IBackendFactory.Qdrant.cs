using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Backends;

/// <summary>The factory's Qdrant part: clusters and point operations (<see cref="IQdrantConnector"/>).</summary>
public partial interface IBackendFactory : IQdrantConnector
{
}
