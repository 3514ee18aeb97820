using PubSec.Dr.Kubernetes;
using PubSec.Dr.Kubernetes.Config;
using PubSec.Dr.Network;

namespace PubSec.Dr.Backends;

public sealed partial class BackendFactory
{
    public IKubernetesObjects KubernetesObjects(KubernetesNamespaceTarget target, NetworkDeadlines? deadlines) =>
        PubSec.Dr.Kubernetes.Config.KubernetesObjects.Connect(target, deadlines, KubernetesEnvironment.Current);
}
