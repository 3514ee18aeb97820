using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;

namespace PubSec.Dr.Kubernetes;

/// <summary>
/// <see cref="IKubernetesWorkloads"/> over KubernetesClient: one API request per call, every failure mapped to a
/// Kubernetes* error id (401 → AuthenticationError, an untrusted server certificate → KubernetesServerUntrusted,
/// a silent server → KubernetesTimeout).
/// </summary>
internal sealed class KubernetesWorkloads : IKubernetesWorkloads
{
    private readonly k8s.Kubernetes _client;

    private KubernetesWorkloads(KubernetesTarget target, k8s.Kubernetes client)
    {
        Target = target;
        _client = client;
    }

    public KubernetesTarget Target { get; }

    /// <summary>Reads the kubeconfig (or the pod's service account) now, so a broken one fails before any other work.</summary>
    /// <param name="deadlines">Each API request must be answered within its request deadline (default 100 s).</param>
    public static KubernetesWorkloads Connect(KubernetesTarget target, NetworkDeadlines? deadlines, KubernetesEnvironment environment)
    {
        var config = KubeConfigLoader.Load(target, environment, deadlines);
        return new KubernetesWorkloads(target, new k8s.Kubernetes(config));
    }

    public async Task<StatefulSetShape> ReadStatefulSetAsync(CancellationToken ct)
    {
        var set = await CallAsync(() => _client.AppsV1.ReadNamespacedStatefulSetAsync(Target.StatefulSet, Target.Namespace, cancellationToken: ct), ct).ConfigureAwait(false);
        var templates = set.Spec.VolumeClaimTemplates?.Select(t => t.Metadata.Name).ToList() ?? [];
        var selector = string.Join(",", set.Spec.Selector.MatchLabels.Select(l => $"{l.Key}={l.Value}"));
        return new StatefulSetShape(Target.StatefulSet, set.Spec.Replicas ?? 1, templates, selector);
    }

    public Task ScaleStatefulSetAsync(int replicas, CancellationToken ct) =>
        CallAsync(() => _client.AppsV1.PatchNamespacedStatefulSetScaleAsync(
            new V1Patch($"{{\"spec\":{{\"replicas\":{replicas}}}}}", V1Patch.PatchType.MergePatch), Target.StatefulSet, Target.Namespace, cancellationToken: ct), ct);

    public async Task<IReadOnlyList<WorkloadPod>> ListStatefulSetPodsAsync(CancellationToken ct)
    {
        var shape = await ReadStatefulSetAsync(ct).ConfigureAwait(false);
        var pods = await CallAsync(() => _client.CoreV1.ListNamespacedPodAsync(Target.Namespace, labelSelector: shape.Selector, cancellationToken: ct), ct).ConfigureAwait(false);
        return pods.Items.Select(p => new WorkloadPod(
            p.Metadata.Name,
            p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true,
            p.Metadata.DeletionTimestamp is not null)).ToList();
    }

    public async Task<IReadOnlyList<string>> ListClaimsAsync(CancellationToken ct)
    {
        var claims = await CallAsync(() => _client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(Target.Namespace, cancellationToken: ct), ct).ConfigureAwait(false);
        return claims.Items.Select(c => c.Metadata.Name).ToList();
    }

    public async Task<bool> DeleteClaimAsync(string name, CancellationToken ct)
    {
        try
        {
            await _client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(name, Target.Namespace, cancellationToken: ct).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception ex) when (Map(ex, ct) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<IReadOnlyList<string>> ListDeploymentsAsync(CancellationToken ct)
    {
        var list = await CallAsync(() => _client.AppsV1.ListNamespacedDeploymentAsync(Target.Namespace, cancellationToken: ct), ct).ConfigureAwait(false);
        return list.Items.Select(d => d.Metadata.Name).ToList();
    }

    public async Task<int> ReadDeploymentScaleAsync(string name, CancellationToken ct)
    {
        var scale = await CallAsync(() => _client.AppsV1.ReadNamespacedDeploymentScaleAsync(name, Target.Namespace, cancellationToken: ct), ct).ConfigureAwait(false);
        return scale.Spec?.Replicas ?? 0;
    }

    public Task ScaleDeploymentAsync(string name, int replicas, CancellationToken ct) =>
        CallAsync(() => _client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch($"{{\"spec\":{{\"replicas\":{replicas}}}}}", V1Patch.PatchType.MergePatch), name, Target.Namespace, cancellationToken: ct), ct);

    public void Dispose() => _client.Dispose();

    private async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (Map(ex, ct) is { } mapped)
        {
            throw mapped;
        }
    }

    private DrException? Map(Exception ex, CancellationToken ct) => ex switch
    {
        HttpOperationException http => new DrException(ErrorIds.KubernetesRequestFailed, http.Response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => DrErrorCategory.AuthenticationError,
            HttpStatusCode.Forbidden => DrErrorCategory.PermissionDenied,
            HttpStatusCode.NotFound => DrErrorCategory.ObjectNotFound,
            _ => DrErrorCategory.InvalidResult,
        }, $"Kubernetes refused a request on {Target.Namespace}/{Target.StatefulSet}: {(int)http.Response.StatusCode} {http.Response.ReasonPhrase}.",
            "Check -KubeConfig/-Context/-Namespace/-StatefulSet and that the account may scale StatefulSets and delete PVCs.", Target.StatefulSet, ex),
        _ => KubernetesTransportFailures.Map(ex, $"a request on {Target.Namespace}/{Target.StatefulSet}", Target.StatefulSet, ct),
    };
}
