namespace PubSec.Dr.Kubernetes;

/// <summary>A Deployment or StatefulSet of the namespace: how many replicas it wants (spec.replicas) and how many are ready (status.readyReplicas).</summary>
public sealed record WorkloadReplicas(string Kind, string Name, int Desired, int Ready)
{
    /// <summary>"Deployment/app": how checks and messages name it.</summary>
    public string ShortName => $"{Kind}/{Name}";

    public bool AtDesired => Ready >= Desired;
}
