using PubSec.Dr.Kubernetes.Config;

namespace PubSec.Dr.Backends;

/// <summary>The factory's configuration-object part (<see cref="IKubernetesObjectsConnector"/>).</summary>
public partial interface IBackendFactory : IKubernetesObjectsConnector
{
}
