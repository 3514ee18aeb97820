namespace PubSec.Dr.Kubernetes;

/// <summary>
/// Read-only views of a cluster that a readiness check needs: its nodes and the workloads of the target's
/// namespace. One API request per call; failures are DrExceptions with the Kubernetes* error ids.
/// </summary>
public interface IKubernetesInventory : IDisposable
{
    KubernetesTarget Target { get; }

    Task<IReadOnlyList<KubernetesNodeState>> ListNodesAsync(CancellationToken ct);

    /// <summary>Every Deployment and StatefulSet of the target namespace, with desired and ready replicas.</summary>
    Task<IReadOnlyList<WorkloadReplicas>> ListWorkloadsAsync(CancellationToken ct);
}
