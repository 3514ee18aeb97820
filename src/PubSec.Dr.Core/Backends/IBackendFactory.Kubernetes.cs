using PubSec.Dr.Kubernetes;
using PubSec.Dr.Network;

namespace PubSec.Dr.Backends;

public partial interface IBackendFactory
{
    /// <summary>
    /// A connection to the target's StatefulSet through -KubeConfig, $KUBECONFIG, ~/.kube/config or the pod's service
    /// account (in that order). Reads the configuration now: a missing or broken one fails here.
    /// </summary>
    IKubernetesWorkloads Kubernetes(KubernetesTarget target, NetworkDeadlines? deadlines);
}
