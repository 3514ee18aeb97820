namespace PubSec.Dr.Kubernetes;

/// <summary>Where the Qdrant StatefulSet lives: kubeconfig (null: the default), context, namespace, name.</summary>
public sealed record KubernetesTarget(string? KubeConfig, string? Context, string Namespace, string StatefulSet);
