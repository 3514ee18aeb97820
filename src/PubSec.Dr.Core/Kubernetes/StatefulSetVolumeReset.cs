using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Kubernetes;

/// <summary>
/// The plan's "delete corrupted volumes" step (dr-plan 2.2 step 3) done safely: scale the StatefulSet to 0,
/// wait until its pods are gone (a PVC in use is only marked for deletion), delete each replica's claims,
/// scale back to the original size and wait until every pod is Ready again.
/// </summary>
public sealed class StatefulSetVolumeReset : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private readonly KubernetesTarget _target;
    private readonly IOperationLog _log;
    private readonly k8s.Kubernetes _client;

    /// <param name="deadlines">Each API request must be answered within its request deadline (default 100 s).</param>
    public StatefulSetVolumeReset(KubernetesTarget target, IOperationLog log, Network.NetworkDeadlines? deadlines = null)
    {
        _target = target;
        _log = log;
        var config = KubeConfigLoader.Load(target);
        // The client's HttpClient timeout covers connecting too; a silent API server ends in KubernetesTimeout.
        config.HttpClientTimeout = (deadlines ?? Network.NetworkDeadlines.Default).Request;
        _client = new k8s.Kubernetes(config);
    }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(15);

    public KubernetesTarget Target => _target;

    /// <summary>The StatefulSet's replica count and the claims a reset would delete, read-only (for -WhatIf and preflight).</summary>
    public async Task<(int Replicas, IReadOnlyList<string> Claims)> DescribeAsync(CancellationToken ct)
    {
        var set = await CallAsync(() => _client.AppsV1.ReadNamespacedStatefulSetAsync(_target.StatefulSet, _target.Namespace, cancellationToken: ct), ct).ConfigureAwait(false);
        var replicas = set.Spec.Replicas ?? 1;
        var templates = set.Spec.VolumeClaimTemplates?.Select(t => t.Metadata.Name).ToList() ?? [];
        var claims = Enumerable.Range(0, replicas).SelectMany(i => templates.Select(t => $"{t}-{_target.StatefulSet}-{i}")).ToList();
        return (replicas, claims);
    }

    public async Task<string> ResetAsync(CancellationToken ct)
    {
        var (replicas, claims) = await DescribeAsync(ct).ConfigureAwait(false);
        _log.Verbose($"Scaling {_target.Namespace}/{_target.StatefulSet} from {replicas} to 0.");
        await ScaleAsync(0, ct).ConfigureAwait(false);
        await WaitAsync("its pods are gone", async () => (await PodsAsync(ct).ConfigureAwait(false)).Count == 0, ct).ConfigureAwait(false);
        foreach (var claim in claims)
        {
            _log.Verbose($"Deleting PersistentVolumeClaim {_target.Namespace}/{claim}.");
            try
            {
                await _client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(claim, _target.Namespace, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Already gone (an earlier, interrupted reset): nothing to do.
            }
        }

        await WaitAsync("the claims are deleted", async () =>
        {
            var left = await CallAsync(() => _client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(_target.Namespace, cancellationToken: ct), ct).ConfigureAwait(false);
            return !left.Items.Any(c => claims.Contains(c.Metadata.Name));
        }, ct).ConfigureAwait(false);

        _log.Verbose($"Scaling {_target.Namespace}/{_target.StatefulSet} back to {replicas}.");
        await ScaleAsync(replicas, ct).ConfigureAwait(false);
        await WaitAsync($"{replicas} pod(s) are Ready", async () =>
        {
            var pods = await PodsAsync(ct).ConfigureAwait(false);
            return pods.Count == replicas && pods.All(IsReady);
        }, ct).ConfigureAwait(false);
        return $"Scaled {_target.StatefulSet} to 0, deleted {claims.Count} claim(s) ({string.Join(", ", claims)}), scaled back to {replicas}; all pods Ready.";
    }

    public void Dispose() => _client.Dispose();

    private Task ScaleAsync(int replicas, CancellationToken ct) =>
        CallAsync(() => _client.AppsV1.PatchNamespacedStatefulSetScaleAsync(
            new V1Patch($"{{\"spec\":{{\"replicas\":{replicas}}}}}", V1Patch.PatchType.MergePatch), _target.StatefulSet, _target.Namespace, cancellationToken: ct), ct);

    private async Task<IList<V1Pod>> PodsAsync(CancellationToken ct)
    {
        var set = await CallAsync(() => _client.AppsV1.ReadNamespacedStatefulSetAsync(_target.StatefulSet, _target.Namespace, cancellationToken: ct), ct).ConfigureAwait(false);
        var selector = string.Join(",", set.Spec.Selector.MatchLabels.Select(l => $"{l.Key}={l.Value}"));
        var pods = await CallAsync(() => _client.CoreV1.ListNamespacedPodAsync(_target.Namespace, labelSelector: selector, cancellationToken: ct), ct).ConfigureAwait(false);
        return pods.Items;
    }

    private static bool IsReady(V1Pod pod) =>
        pod.Metadata.DeletionTimestamp is null && pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private async Task WaitAsync(string what, Func<Task<bool>> done, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await done().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new DrException(ErrorIds.KubernetesScaleTimeout, DrErrorCategory.OperationTimeout,
                    $"Waited {Timeout} for {_target.Namespace}/{_target.StatefulSet}: not done: {what}.",
                    "Check the pods' events (kubectl describe pod) and the volume provisioner; running the restore again resumes the reset.",
                    _target.StatefulSet);
            }

            await Task.Delay(Poll, ct).ConfigureAwait(false);
        }
    }

    private async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException ex)
        {
            throw new DrException(ErrorIds.KubernetesRequestFailed, ex.Response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => DrErrorCategory.AuthenticationError,
                HttpStatusCode.Forbidden => DrErrorCategory.PermissionDenied,
                HttpStatusCode.NotFound => DrErrorCategory.ObjectNotFound,
                _ => DrErrorCategory.InvalidResult,
            }, $"Kubernetes refused a request on {_target.Namespace}/{_target.StatefulSet}: {(int)ex.Response.StatusCode} {ex.Response.ReasonPhrase}.",
                "Check -KubeConfig/-Context/-Namespace/-StatefulSet and that the account may scale StatefulSets and delete PVCs.", _target.StatefulSet, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new DrException(ErrorIds.KubernetesUnreachable, DrErrorCategory.ConnectionError,
                $"The Kubernetes API cannot be reached: {ex.Message}", "Check the kubeconfig's server address and network access.", _target.StatefulSet, ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            // The client's own timeout (the request deadline), not the caller's Ctrl+C.
            throw new DrException(ErrorIds.KubernetesTimeout, DrErrorCategory.OperationTimeout,
                $"The Kubernetes API did not answer a request on {_target.Namespace}/{_target.StatefulSet} in time.",
                "Check the kubeconfig's server address, that the API server is healthy (kubectl get --raw /readyz) and the network path; raise -RequestTimeout for a slow link.",
                _target.StatefulSet, ex);
        }
    }
}
