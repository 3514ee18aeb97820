using PubSec.Dr.Kubernetes;

namespace PubSec.Dr.Environments;

/// <summary>How to reach a region's Kubernetes namespace. A null kubeconfig means the usual default (KUBECONFIG, ~/.kube/config, in-cluster).</summary>
public sealed record DrKubernetesSettings(string? KubeConfig, string? Context, string Namespace, string StatefulSet)
{
    public const string DefaultNamespace = "pubsec-info-assistant";
    public const string DefaultStatefulSet = "qdrant";

    public KubernetesTarget ToTarget() => new(KubeConfig, Context, Namespace, StatefulSet);
}
