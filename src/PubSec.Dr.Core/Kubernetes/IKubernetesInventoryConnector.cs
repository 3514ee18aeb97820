using PubSec.Dr.Network;

namespace PubSec.Dr.Kubernetes;

/// <summary>Makes read-only cluster views (the backend factory's part for readiness checks); xunit fakes it.</summary>
public interface IKubernetesInventoryConnector
{
    /// <summary>Reads the kubeconfig now (as <see cref="IKubernetesConnector.Kubernetes"/> does), so a broken one fails here.</summary>
    IKubernetesInventory KubernetesInventory(KubernetesTarget target, NetworkDeadlines? deadlines);
}
