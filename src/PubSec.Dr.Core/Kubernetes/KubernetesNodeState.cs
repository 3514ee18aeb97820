namespace PubSec.Dr.Kubernetes;

/// <summary>A node and its Ready condition as the API reports it: "True", "False", "Unknown" (the kubelet stopped reporting), or "" when it has none.</summary>
public sealed record KubernetesNodeState(string Name, string Ready)
{
    public bool IsReady => Ready == "True";
}
