using PubSec.Dr.Kubernetes;

namespace PubSec.Dr.Backends;

/// <summary>The factory's Kubernetes part: workload connections (<see cref="IKubernetesConnector"/>).</summary>
public partial interface IBackendFactory : IKubernetesConnector
{
}
