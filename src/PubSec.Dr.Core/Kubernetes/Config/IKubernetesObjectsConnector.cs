using PubSec.Dr.Network;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>Makes generic object connections to a namespace (the backend factory's configuration part).</summary>
public interface IKubernetesObjectsConnector
{
    /// <summary>Reads the kubeconfig (or the pod's service account) now: a missing or broken one fails here.</summary>
    IKubernetesObjects KubernetesObjects(KubernetesNamespaceTarget target, NetworkDeadlines? deadlines);
}
