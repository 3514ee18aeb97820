namespace PubSec.Dr.Kubernetes;

/// <summary>
/// The Kubernetes API calls the engines make on one StatefulSet (<see cref="Target"/>): read its size and claim
/// templates, scale it, list its pods and claims, delete a claim. Each call is one request; waiting and deciding
/// when a step is done stay in the engines, so xunit drives them with a fake. Failures are DrExceptions with the
/// Kubernetes* error ids.
/// </summary>
public interface IKubernetesWorkloads : IDisposable
{
    KubernetesTarget Target { get; }

    /// <summary>The StatefulSet's <c>spec.replicas</c>, volumeClaimTemplates and pod selector.</summary>
    Task<StatefulSetShape> ReadStatefulSetAsync(CancellationToken ct);

    /// <summary>Sets <c>spec.replicas</c> through the scale subresource.</summary>
    Task ScaleStatefulSetAsync(int replicas, CancellationToken ct);

    /// <summary>The pods the StatefulSet's selector matches, with readiness and whether they are being deleted.</summary>
    Task<IReadOnlyList<WorkloadPod>> ListStatefulSetPodsAsync(CancellationToken ct);

    /// <summary>The names of the PersistentVolumeClaims in the target namespace.</summary>
    Task<IReadOnlyList<string>> ListClaimsAsync(CancellationToken ct);

    /// <summary>Deletes a claim; false when it was already gone. A claim a pod still mounts is only marked for deletion.</summary>
    Task<bool> DeleteClaimAsync(string name, CancellationToken ct);

    /// <summary>The names of the Deployments in the target namespace (the application a failover fences).</summary>
    Task<IReadOnlyList<string>> ListDeploymentsAsync(CancellationToken ct);

    /// <summary>A Deployment's <c>spec.replicas</c>, read through the scale subresource.</summary>
    Task<int> ReadDeploymentScaleAsync(string name, CancellationToken ct);

    /// <summary>Sets a Deployment's <c>spec.replicas</c> through the scale subresource, as kubectl scale does.</summary>
    Task ScaleDeploymentAsync(string name, int replicas, CancellationToken ct);
}
