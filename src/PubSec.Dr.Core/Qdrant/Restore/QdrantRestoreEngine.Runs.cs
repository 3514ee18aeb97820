using System.Runtime.CompilerServices;
using PubSec.Dr.Errors;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Qdrant.Restore;

/// <summary>
/// One run of several restores (the cmdlet's whole pipeline input). A volume reset makes them one operation: the
/// volumes hold every collection of the cluster, so the reset must come once, after every preflight and before
/// every restore, and it must not delete a collection that no restore of the run brings back.
/// </summary>
public sealed partial class QdrantRestoreEngine
{
    /// <summary>With <see cref="VolumeReset"/>: go ahead although the reset deletes collections this run does not restore (-Force).</summary>
    public bool ForceReset { get; init; }

    /// <summary>What the volume reset of a run of <paramref name="plans"/> would do (read-only); null without <see cref="VolumeReset"/>.</summary>
    public async Task<VolumeResetPlan?> PlanResetAsync(IReadOnlyCollection<QdrantRestorePlan> plans, CancellationToken ct)
    {
        if (VolumeReset is not { } reset)
        {
            return null;
        }

        var (replicas, claims) = await reset.DescribeAsync(ct).ConfigureAwait(false);
        return new VolumeResetPlan(reset.Target, replicas, claims, await CollectionsLostAsync(plans, ct).ConfigureAwait(false), ForceReset);
    }

    /// <summary>
    /// Restores the plans of one run, yielding each result (with its failure, if any) when it is done. Without a volume
    /// reset every plan runs on its own, one after the other. With one: the run is refused with
    /// RestoreResetWouldDeleteCollections, before anything changes, while the reset would delete a collection that no
    /// plan restores (unless <see cref="ForceReset"/>); then every plan's preflight (and forensic backup) runs; then the
    /// reset, once for all; then each restore. A plan whose preflight fails is not restored, so its collection counts
    /// as one the reset would delete, and the reset is refused again if it exists.
    /// </summary>
    public async IAsyncEnumerable<(RestoreResult Result, DrException? Failure)> RestoreAsync(IReadOnlyList<QdrantRestorePlan> plans,
        IProgress<TransferProgress>? progress, [EnumeratorCancellation] CancellationToken ct)
    {
        var runs = plans.Select(Start).ToList();
        if (VolumeReset is not { } reset)
        {
            foreach (var run in runs)
            {
                run.Failure = await CaptureAsync(async () =>
                {
                    await BeforeResetAsync(run, ct).ConfigureAwait(false);
                    run.Steps.Skip("ResetVolumes", "Not requested (-ResetVolumes).");
                    await AfterResetAsync(run, progress, ct).ConfigureAwait(false);
                }).ConfigureAwait(false);
                yield return (run.Result, run.Failure);
            }

            yield break;
        }

        await EnsureResetLosesNothingAsync(plans, ct).ConfigureAwait(false);
        foreach (var run in runs)
        {
            run.Failure = await CaptureAsync(() => BeforeResetAsync(run, ct)).ConfigureAwait(false);
        }

        foreach (var failed in runs.Where(r => r.Failure is not null))
        {
            yield return (failed.Result, failed.Failure);
        }

        var ready = runs.Where(r => r.Failure is null).ToList();
        if (ready.Count == 0)
        {
            yield break;
        }

        var resetFailure = await CaptureAsync(() => ready[0].Steps.RunAsync("ResetVolumes", async () =>
        {
            if (ready.Count < runs.Count)
            {
                await EnsureResetLosesNothingAsync(ready.Select(r => r.Plan).ToList(), ct).ConfigureAwait(false);
            }

            return await reset.ResetAsync(ct).ConfigureAwait(false);
        })).ConfigureAwait(false);
        ShareResetStep(ready);
        foreach (var run in ready)
        {
            run.Failure = resetFailure ?? await CaptureAsync(() => AfterResetAsync(run, progress, ct)).ConfigureAwait(false);
            yield return (run.Result, run.Failure);
        }
    }

    private async Task<IReadOnlyList<string>> CollectionsLostAsync(IEnumerable<QdrantRestorePlan> plans, CancellationToken ct)
    {
        var restored = plans.Select(p => p.Collection).ToHashSet(StringComparer.Ordinal);
        return (await _target.Points.ListCollectionsAsync(ct).ConfigureAwait(false)).Where(c => !restored.Contains(c)).Order(StringComparer.Ordinal).ToList();
    }

    private async Task EnsureResetLosesNothingAsync(IReadOnlyCollection<QdrantRestorePlan> plans, CancellationToken ct)
    {
        var lost = await CollectionsLostAsync(plans, ct).ConfigureAwait(false);
        if (lost.Count == 0)
        {
            return;
        }

        if (!ForceReset)
        {
            throw VolumeResetPlan.Refusal(VolumeReset!.Target, lost);
        }

        _log.Warning($"-Force: the volume reset deletes {string.Join(", ", lost.Select(c => $"'{c}'"))}, which this run does not restore.");
    }

    /// <summary>The reset ran once, recorded by the first restore; every other restore of the run records it too.</summary>
    private static void ShareResetStep(IReadOnlyList<PlanRun> ready)
    {
        var step = ready[0].Result.Steps[^1];
        foreach (var run in ready.Skip(1))
        {
            run.Result.Steps.Add(new RestoreStep
            {
                Name = step.Name,
                Status = step.Status,
                StartedAt = step.StartedAt,
                CompletedAt = step.CompletedAt,
                Detail = $"One reset for the whole run (recorded with '{ready[0].Plan.Collection}'): {step.Detail}",
            });
        }
    }

    private PlanRun Start(QdrantRestorePlan plan)
    {
        var result = new RestoreResult
        {
            BackupId = plan.Backup.Id,
            Collection = plan.Collection,
            TargetNodes = _target.Nodes.Select(n => n.DisplayUri).ToArray(),
        };
        return new PlanRun(plan, result, new StepRecorder(result, Steps, $"Restoring '{plan.Collection}' from {plan.Backup.Id}", 6));
    }

    /// <summary>A step's failure becomes the restore's outcome (the result records it); cancellation goes on up.</summary>
    private static async Task<DrException?> CaptureAsync(Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
            return null;
        }
        catch (DrException ex)
        {
            return ex;
        }
    }

    private sealed class PlanRun(QdrantRestorePlan plan, RestoreResult result, StepRecorder steps)
    {
        public QdrantRestorePlan Plan { get; } = plan;

        public RestoreResult Result { get; } = result;

        public StepRecorder Steps { get; } = steps;

        public DrException? Failure { get; set; }
    }
}
