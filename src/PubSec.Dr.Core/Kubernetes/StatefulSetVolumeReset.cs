using PubSec.Dr.Errors;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Kubernetes;

/// <summary>
/// The plan's "delete corrupted volumes" step (dr-plan 2.2 step 3) done safely: scale the StatefulSet to 0,
/// wait until its pods are gone (a PVC in use is only marked for deletion), delete each replica's claims,
/// wait until they are gone, scale back to the original size and wait until every pod is Ready again.
/// Owns (and disposes) the workloads connection it is given.
/// </summary>
public sealed class StatefulSetVolumeReset(IKubernetesWorkloads workloads, IOperationLog log) : IDisposable
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How often a wait looks again; the API is read once per look.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public KubernetesTarget Target => workloads.Target;

    private string Set => $"{Target.Namespace}/{Target.StatefulSet}";

    /// <summary>The StatefulSet's replica count and the claims a reset would delete, read-only (for -WhatIf and preflight).</summary>
    public async Task<(int Replicas, IReadOnlyList<string> Claims)> DescribeAsync(CancellationToken ct)
    {
        var shape = await workloads.ReadStatefulSetAsync(ct).ConfigureAwait(false);
        return (shape.Replicas, shape.Claims);
    }

    public async Task<string> ResetAsync(CancellationToken ct)
    {
        var (replicas, claims) = await DescribeAsync(ct).ConfigureAwait(false);
        log.Verbose($"Scaling {Set} from {replicas} to 0.");
        await workloads.ScaleStatefulSetAsync(0, ct).ConfigureAwait(false);
        // From here on the set is below its size: a failure says how far the reset got, so the operator knows the state.
        var step = "scaled to 0";
        try
        {
            await WaitAsync("its pods are gone", async () => (await workloads.ListStatefulSetPodsAsync(ct).ConfigureAwait(false)).Count == 0, ct).ConfigureAwait(false);
            step = "scaled to 0, pods gone";
            foreach (var claim in claims)
            {
                log.Verbose($"Deleting PersistentVolumeClaim {Target.Namespace}/{claim}.");
                // False: already gone (an earlier, interrupted reset); nothing to do.
                await workloads.DeleteClaimAsync(claim, ct).ConfigureAwait(false);
            }

            step = "scaled to 0, claims deleted";
            await WaitAsync("the claims are deleted", async () => !(await workloads.ListClaimsAsync(ct).ConfigureAwait(false)).Any(claims.Contains), ct).ConfigureAwait(false);
            step = "scaled to 0, claims gone";
            log.Verbose($"Scaling {Set} back to {replicas}.");
            await workloads.ScaleStatefulSetAsync(replicas, ct).ConfigureAwait(false);
            step = $"claims gone, scaled back to {replicas}";
            await WaitAsync($"{replicas} pod(s) are Ready", async () =>
            {
                var pods = await workloads.ListStatefulSetPodsAsync(ct).ConfigureAwait(false);
                return pods.Count == replicas && pods.All(p => p.Ready && !p.Terminating);
            }, ct).ConfigureAwait(false);
        }
        catch (DrException ex)
        {
            throw new DrException(ex.ErrorId, ex.Category,
                $"{ex.Message} The volume reset of {Set} stopped after: {step}.",
                $"{ex.RecommendedAction} Running the restore with -ResetVolumes again resumes the reset (claims already deleted are skipped); "
                + $"to give up instead, scale the StatefulSet back to {replicas} (kubectl scale statefulset {Target.StatefulSet} --replicas={replicas}).",
                ex.Target, ex);
        }

        return $"Scaled {Target.StatefulSet} to 0, deleted {claims.Count} claim(s) ({string.Join(", ", claims)}), scaled back to {replicas}; all pods Ready.";
    }

    public void Dispose() => workloads.Dispose();

    private async Task WaitAsync(string what, Func<Task<bool>> done, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await done().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new DrException(ErrorIds.KubernetesScaleTimeout, DrErrorCategory.OperationTimeout,
                    $"Waited {Timeout} for {Set}: not done: {what}.",
                    "Check the pods' events (kubectl describe pod) and the volume provisioner.",
                    Target.StatefulSet);
            }

            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
    }
}
