using PubSec.Dr.Errors;

namespace PubSec.Dr.Failover;

/// <summary>What each step does, by the run's kind, and how a step is run, timed and journaled.</summary>
public sealed partial class RegionalFailoverEngine
{
    /// <summary>The changing steps a -WhatIf describes (read-only ones have run by then).</summary>
    private static readonly FailoverStepName[] Changing =
    [
        FailoverStepName.TargetWorkloads, FailoverStepName.SyncRedis, FailoverStepName.SyncQdrant, FailoverStepName.FenceSource,
        FailoverStepName.RedisData, FailoverStepName.QdrantData, FailoverStepName.DnsSwitch, FailoverStepName.Reprotect,
    ];

    private Task<DrException?> StepAsync(FailoverRequest request, FailoverJournal journal, FailoverStep work, CancellationToken ct)
    {
        var synced = journal.Kind != FailoverKind.Failover;
        return work.Name switch
        {
            FailoverStepName.TargetWorkloads => Succeed(actions.TargetWorkloadsAsync(work, journal.Rebuild, false, ct)),
            FailoverStepName.TargetReadiness => ReadinessAsync(request, journal, work, ct),
            FailoverStepName.SyncRedis => Succeed(actions.SyncRedisAsync(work, false, ct)),
            FailoverStepName.SyncQdrant => Succeed(actions.SyncQdrantAsync(work, false, ct)),
            FailoverStepName.FenceSource => FenceAsync(work, ct),
            // A healthy source was synced from: after fencing, only its last writes are left to catch up (no loss).
            FailoverStepName.RedisData => Succeed(synced ? actions.PromoteSyncedRedisAsync(work, false, ct) : actions.RedisDataAsync(work, false, ct)),
            FailoverStepName.QdrantData => Succeed(synced ? actions.SyncQdrantAsync(work, false, ct) : actions.QdrantDataAsync(work, false, ct)),
            FailoverStepName.DnsSwitch => Succeed(actions.DnsSwitchAsync(work, false, ct)),
            FailoverStepName.DnsPropagation => Succeed(actions.DnsPropagationAsync(work, ct)),
            FailoverStepName.Verify => Succeed(actions.VerifyAsync(work, ct)),
            FailoverStepName.Reprotect => Succeed(actions.ReprotectAsync(work, journal.Step(FailoverStepName.FenceSource).State, false, ct)),
            _ => throw new InvalidOperationException($"{work.Name} is not a changing step."),
        };
    }

    /// <summary>
    /// Failing source: a failover. Healthy source: a failback when the opposite failover completed (users were moved
    /// to the source by it), a planned switchover with -Force, else refused.
    /// </summary>
    private async Task<(DrException?, FailoverKind, FailoverJournal?)> ConfirmTriggerAsync(FailoverRequest request, FailoverStep step, CancellationToken ct)
    {
        if (request.OutageStartedAt is { } outage)
        {
            step.Details.Add($"Source first seen failing at {outage:u} (-OutageStartedAt).");
        }

        if (!await actions.SourceHealthyAsync(step, ct).ConfigureAwait(false))
        {
            step.Details.Add($"Region '{request.From}' is failing: the failover is triggered.");
            return (null, FailoverKind.Failover, null);
        }

        if (await FindReverseAsync(request, ct).ConfigureAwait(false) is { } reverse)
        {
            step.Details.Add($"Region '{request.From}' is healthy and took over from '{request.To}' in the failover started at {reverse.StartedAt:u}: a failback. "
                + $"'{request.To}' is synced from it before DNS moves.");
            return (null, FailoverKind.Failback, reverse);
        }

        if (request.Force)
        {
            step.Details.Add($"Region '{request.From}' is healthy: a planned switchover (-Force); '{request.To}' is synced from it before DNS moves.");
            return (null, FailoverKind.Switchover, null);
        }

        return (new DrException(ErrorIds.FailoverSourceHealthy, DrErrorCategory.ResourceBusy,
            $"Region '{request.From}' of '{request.Environment}' is healthy (its application and Qdrant answer), and no completed failover from '{request.To}' to it was found; a failover would move users off a working region.",
            $"Check what users see (Test-DrService); for a planned switchover or a failback whose failover journal is kept elsewhere, run again with -Force.", request.From), FailoverKind.Failover, null);
    }

    private async Task<DrException?> ReadinessAsync(FailoverRequest request, FailoverJournal journal, FailoverStep step, CancellationToken ct)
    {
        var notReady = await actions.TargetReadinessAsync(step, journal.Kind != FailoverKind.Failover, ct).ConfigureAwait(false);
        if (notReady is not null && request.Force)
        {
            step.Details.Add($"Target NotReady, overridden by -Force: {notReady.Message}");
            return null;
        }

        return notReady;
    }

    private async Task<DrException?> FenceAsync(FailoverStep step, CancellationToken ct)
    {
        var fenced = await actions.FenceSourceAsync(step, false, ct).ConfigureAwait(false);
        step.State[FailoverStateKeys.Fenced] = fenced ? "true" : "false";
        if (!fenced)
        {
            // Not a failure: a region that is down writes nothing; the operator must fence it before it comes back.
            step.Status = FailoverStepStatus.Skipped;
            step.Details.Add("Not fenced: the source region cannot be reached.");
        }

        return null;
    }

    /// <summary>Plans every changing step still to run, on copies (the journal is not touched): the -WhatIf and -Confirm text.</summary>
    private async Task<List<FailoverStep>> PlanAsync(FailoverJournal journal, CancellationToken ct)
    {
        var plan = new List<FailoverStep>();
        var synced = journal.Kind != FailoverKind.Failover;
        foreach (var name in Changing.Where(n => journal.Has(n) && !Done(journal.Step(n))))
        {
            var step = new FailoverStep { Name = name, State = new(journal.Step(name).State, StringComparer.Ordinal) };
            Func<Task> describe = name switch
            {
                FailoverStepName.TargetWorkloads => () => actions.TargetWorkloadsAsync(step, journal.Rebuild, true, ct),
                FailoverStepName.SyncRedis => () => actions.SyncRedisAsync(step, true, ct),
                FailoverStepName.SyncQdrant => () => actions.SyncQdrantAsync(step, true, ct),
                FailoverStepName.FenceSource => () => actions.FenceSourceAsync(step, true, ct),
                FailoverStepName.RedisData => () => synced ? actions.PromoteSyncedRedisAsync(step, true, ct) : actions.RedisDataAsync(step, true, ct),
                FailoverStepName.QdrantData when synced => () => Describe(step, "Compare each collection with the source again once it is fenced; sync it where it changed."),
                FailoverStepName.QdrantData => () => actions.QdrantDataAsync(step, true, ct),
                FailoverStepName.Reprotect => () => actions.ReprotectAsync(step, journal.Step(FailoverStepName.FenceSource).State, true, ct),
                _ => () => actions.DnsSwitchAsync(step, true, ct),
            };
            try
            {
                await describe().ConfigureAwait(false);
            }
            catch (DrException ex)
            {
                step.Details.Add($"Cannot be planned now: {ex.Message}");
                step.ErrorId = ex.ErrorId;
            }

            plan.Add(step);
        }

        return plan;
    }

    /// <summary>
    /// Runs one step: Running, then Succeeded (or Skipped when the body said so), or Failed with its error id;
    /// journaled at each change. The body works on a scratch copy that is merged back under the lock, so a journal
    /// write (the other data step's, the lease heartbeat) never reads a list that is being changed.
    /// </summary>
    private async Task<DrException?> RunStepAsync(FailoverStep step, Func<FailoverStep, Task<DrException?>> body, CancellationToken ct, bool persist = true)
    {
        lock (_gate)
        {
            step.Status = FailoverStepStatus.Running;
            step.StartedAt = Now();
            step.CompletedAt = null;
            step.Duration = null;
            step.ErrorId = null;
            step.Message = null;
            step.Details.Clear();
        }

        if (persist)
        {
            await WriteAsync(ct).ConfigureAwait(false);
        }

        // State carries over: a retried step still knows what an earlier attempt recorded (e.g. replicas before fencing).
        var work = new FailoverStep { Name = step.Name, Status = FailoverStepStatus.Running, State = new(step.State, StringComparer.Ordinal) };
        work.Checkpoint = async token =>
        {
            lock (_gate)
            {
                foreach (var (key, value) in work.State)
                {
                    step.State[key] = value;
                }
            }

            if (persist)
            {
                await WriteAsync(token).ConfigureAwait(false);
            }
        };
        DrException? failure;
        var stopped = false;
        try
        {
            failure = await body(work).ConfigureAwait(false);
        }
        catch (DrException ex)
        {
            failure = ex;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            failure = null;
            stopped = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failure = new DrException(ErrorIds.FailoverStepFailed, DrErrorCategory.InvalidResult,
                $"The failover step {step.Name} failed: {ex.Message}", "Look at the step's Details; run the same command again to retry from this step.", step.Name.ToString(), ex);
        }

        lock (_gate)
        {
            step.Details.AddRange(work.Details);
            foreach (var (key, value) in work.State)
            {
                step.State[key] = value;
            }

            step.Status = stopped || failure is not null ? FailoverStepStatus.Failed
                : work.Status == FailoverStepStatus.Skipped ? FailoverStepStatus.Skipped : FailoverStepStatus.Succeeded;
            step.CompletedAt = Now();
            step.Duration = step.CompletedAt - step.StartedAt;
            if (stopped)
            {
                step.ErrorId = ErrorIds.OperationStopped;
                step.Message = "Stopped (Ctrl+C); run the same command again to continue here.";
            }
            else if (failure is not null)
            {
                step.ErrorId = failure.ErrorId;
                step.Message = failure.Message;
            }
        }

        if (failure is not null)
        {
            Log.Warning($"Failover step {step.Name} failed: {failure.Message}");
        }
        else if (!stopped)
        {
            Log.Verbose($"Failover step {step.Name}: {step.Status} in {step.Duration?.TotalSeconds:0.###} s.");
        }

        if (persist)
        {
            await WriteAsync(CancellationToken.None).ConfigureAwait(false);
        }

        ct.ThrowIfCancellationRequested();
        return failure;
    }

    private static Task Describe(FailoverStep step, string line)
    {
        step.Details.Add(line);
        return Task.CompletedTask;
    }

    private static async Task<DrException?> Succeed(Task work)
    {
        await work.ConfigureAwait(false);
        return null;
    }
}
