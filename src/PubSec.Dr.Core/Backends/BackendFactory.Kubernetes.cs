using PubSec.Dr.Kubernetes;
using PubSec.Dr.Network;

namespace PubSec.Dr.Backends;

public sealed partial class BackendFactory
{
    public IKubernetesWorkloads Kubernetes(KubernetesTarget target, NetworkDeadlines? deadlines) =>
        KubernetesWorkloads.Connect(target, deadlines, KubernetesEnvironment.Current);
}
