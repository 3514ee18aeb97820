using PubSec.Dr.Network;

namespace PubSec.Dr.Kubernetes;

/// <summary>Makes Kubernetes connections (the backend factory's Kubernetes part).</summary>
public interface IKubernetesConnector
{
    /// <summary>
    /// A connection to the target's StatefulSet through -KubeConfig, $KUBECONFIG, ~/.kube/config or the pod's service
    /// account (in that order). Reads the configuration now: a missing or broken one fails here.
    /// </summary>
    IKubernetesWorkloads Kubernetes(KubernetesTarget target, NetworkDeadlines? deadlines);
}
