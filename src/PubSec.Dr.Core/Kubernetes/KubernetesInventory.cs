using System.Net;
using k8s;
using k8s.Autorest;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;

namespace PubSec.Dr.Kubernetes;

/// <summary>
/// <see cref="IKubernetesInventory"/> over KubernetesClient: list calls only, so an account that may only read
/// (get/list nodes, deployments, statefulsets) is enough. Failures get the same ids as the workload calls.
/// </summary>
internal sealed class KubernetesInventory : IKubernetesInventory
{
    private readonly k8s.Kubernetes _client;

    private KubernetesInventory(KubernetesTarget target, k8s.Kubernetes client)
    {
        Target = target;
        _client = client;
    }

    public KubernetesTarget Target { get; }

    public static KubernetesInventory Connect(KubernetesTarget target, NetworkDeadlines? deadlines, KubernetesEnvironment environment)
    {
        var config = KubeConfigLoader.Load(target, environment, deadlines);
        return new KubernetesInventory(target, new k8s.Kubernetes(config));
    }

    public async Task<IReadOnlyList<KubernetesNodeState>> ListNodesAsync(CancellationToken ct)
    {
        var nodes = await CallAsync(() => _client.CoreV1.ListNodeAsync(cancellationToken: ct), "nodes", ct).ConfigureAwait(false);
        return nodes.Items.Select(n => new KubernetesNodeState(n.Metadata.Name,
            n.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status ?? string.Empty)).ToList();
    }

    public async Task<IReadOnlyList<WorkloadReplicas>> ListWorkloadsAsync(CancellationToken ct)
    {
        var deployments = CallAsync(() => _client.AppsV1.ListNamespacedDeploymentAsync(Target.Namespace, cancellationToken: ct), "deployments", ct);
        var sets = CallAsync(() => _client.AppsV1.ListNamespacedStatefulSetAsync(Target.Namespace, cancellationToken: ct), "statefulsets", ct);
        var workloads = (await deployments.ConfigureAwait(false)).Items
            .Select(d => new WorkloadReplicas("Deployment", d.Metadata.Name, d.Spec?.Replicas ?? 1, d.Status?.ReadyReplicas ?? 0))
            .Concat((await sets.ConfigureAwait(false)).Items
                .Select(s => new WorkloadReplicas("StatefulSet", s.Metadata.Name, s.Spec?.Replicas ?? 1, s.Status?.ReadyReplicas ?? 0)));
        return workloads.OrderBy(w => w.Kind, StringComparer.Ordinal).ThenBy(w => w.Name, StringComparer.Ordinal).ToList();
    }

    public void Dispose() => _client.Dispose();

    private async Task<T> CallAsync<T>(Func<Task<T>> call, string what, CancellationToken ct)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (Map(ex, what, ct) is { } mapped)
        {
            throw mapped;
        }
    }

    private DrException? Map(Exception ex, string what, CancellationToken ct) => ex switch
    {
        HttpOperationException http => new DrException(ErrorIds.KubernetesRequestFailed, http.Response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => DrErrorCategory.AuthenticationError,
            HttpStatusCode.Forbidden => DrErrorCategory.PermissionDenied,
            HttpStatusCode.NotFound => DrErrorCategory.ObjectNotFound,
            _ => DrErrorCategory.InvalidResult,
        }, $"Kubernetes refused to list {what} ({Target.Context ?? "current context"}, namespace {Target.Namespace}): {(int)http.Response.StatusCode} {http.Response.ReasonPhrase}.",
            "Check the kubeconfig context and that the account may get and list nodes, deployments and statefulsets.", Target.Namespace, ex),
        _ => KubernetesTransportFailures.Map(ex, $"the list of {what}", Target.Namespace, ct),
    };
}
