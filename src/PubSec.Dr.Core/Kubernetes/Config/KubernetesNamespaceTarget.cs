namespace PubSec.Dr.Kubernetes.Config;

/// <summary>A namespace to back up or restore into: kubeconfig (null: the default), context (null: the current one), namespace.</summary>
public sealed record KubernetesNamespaceTarget(string? KubeConfig, string? Context, string Namespace)
{
    internal KubernetesTarget ToWorkloadTarget() => new(KubeConfig, Context, Namespace, string.Empty);
}
