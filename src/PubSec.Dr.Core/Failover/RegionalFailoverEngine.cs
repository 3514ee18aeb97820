using PubSec.Dr.Errors;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Failover;

/// <summary>
/// Invoke-RegionalFailover (plan 2.1): confirm the trigger, check the target, fence the source, move the data
/// (Redis and Qdrant at once), switch DNS, wait for propagation, verify the service, write the notice. Each step
/// is timed and journaled as it changes, so a killed or failed run continues at the first step that did not
/// succeed. The read-only steps run first; everything that changes a region is asked for once, with the whole plan
/// (-WhatIf shows it and changes nothing, not even the journal).
/// </summary>
public sealed class RegionalFailoverEngine(IFailoverActions actions, IFailoverJournalStore journalStore)
{
    private static readonly FailoverStepName[] Changing =
        [FailoverStepName.FenceSource, FailoverStepName.RedisData, FailoverStepName.QdrantData, FailoverStepName.DnsSwitch];

    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly object _gate = new();
    private FailoverJournal _journal = null!;

    public FailoverLeasePolicy Lease { get; init; } = new();

    public Func<DateTimeOffset> Now { get; init; } = () => DateTimeOffset.UtcNow;

    public IOperationLog Log { get; init; } = NullOperationLog.Instance;

    /// <summary>
    /// The result and, when a step failed or was refused, its error. FailoverInProgress (another live run) and
    /// cancellation throw. <paramref name="shouldProcess"/> gets the target and the whole plan.
    /// </summary>
    public async Task<(FailoverResult Result, DrException? Failure)> RunAsync(FailoverRequest request, Func<string, string, bool> shouldProcess,
        IProgress<StepProgress>? progress, CancellationToken ct)
    {
        if (string.Equals(request.From, request.To, StringComparison.Ordinal))
        {
            throw new DrException(ErrorIds.FailoverRegionsSame, DrErrorCategory.InvalidArgument, $"-From and -To are both '{request.From}'.",
                "Give the failing region as -From and the region that takes over as -To.", request.To);
        }

        var (journal, resumed) = await OpenJournalAsync(request, ct).ConfigureAwait(false);
        _journal = journal;
        var reporter = new FailoverProgress(request, progress);

        // Read-only steps: nothing is written yet, so a refusal leaves no journal behind.
        foreach (var name in new[] { FailoverStepName.ConfirmTrigger, FailoverStepName.TargetReadiness })
        {
            var step = journal.Step(name);
            if (Done(step))
            {
                continue;
            }

            reporter.Report(name);
            var refusal = await RunStepAsync(step, work => ReadOnlyStepAsync(request, work, ct), ct, persist: false).ConfigureAwait(false);
            if (refusal is not null)
            {
                return (Finish(request, journal, resumed), refusal);
            }
        }

        var plan = await PlanAsync(journal, ct).ConfigureAwait(false);
        var target = $"environment '{request.Environment}': region '{request.From}' -> '{request.To}'";
        if (!shouldProcess(target, FailoverPlanText.Describe(request, plan)))
        {
            var planned = Finish(request, journal, resumed);
            planned.Steps = [.. planned.Steps.Select(s => plan.FirstOrDefault(p => p.Name == s.Name) ?? s)];
            planned.Verdict = FailoverVerdict.Planned;
            return (planned, null);
        }

        return await ExecuteAsync(request, journal, resumed, reporter, ct).ConfigureAwait(false);
    }

    private async Task<(FailoverResult, DrException?)> ExecuteAsync(FailoverRequest request, FailoverJournal journal, bool resumed,
        FailoverProgress reporter, CancellationToken ct)
    {
        journal.Lease = new FailoverLease(Lease.Owner, Now() + Lease.Duration);
        await WriteAsync(ct).ConfigureAwait(false);
        using var heartbeat = new CancellationTokenSource();
        var renewing = RenewAsync(heartbeat.Token);
        try
        {
            var failure = await RunChangingStepsAsync(request, journal, reporter, ct).ConfigureAwait(false);
            var result = Finish(request, journal, resumed);
            if (failure is null)
            {
                reporter.Report(FailoverStepName.Notice);
                var notice = journal.Step(FailoverStepName.Notice);
                await RunStepAsync(notice, work =>
                {
                    work.Details.Add("Status-page text and customer email (plan 5.2) written from the measured facts.");
                    return Task.FromResult<DrException?>(null);
                }, ct).ConfigureAwait(false);
                result = Finish(request, journal, resumed);
                result.Notice = IncidentNoticeBuilder.Build(result);
            }

            return (result, failure);
        }
        finally
        {
            await heartbeat.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
            journal.Lease = null;
            await WriteAsync(CancellationToken.None).ConfigureAwait(false);
            reporter.Complete();
        }
    }

    private async Task<DrException?> RunChangingStepsAsync(FailoverRequest request, FailoverJournal journal, FailoverProgress reporter, CancellationToken ct)
    {
        var fence = journal.Step(FailoverStepName.FenceSource);
        if (!Done(fence))
        {
            reporter.Report(FailoverStepName.FenceSource);
            if (await RunStepAsync(fence, work => FenceAsync(work, ct), ct).ConfigureAwait(false) is { } failed)
            {
                return failed;
            }
        }

        // Plan 2.3 step 4: the two stores are independent, so they move at the same time.
        reporter.Report(FailoverStepName.RedisData);
        var redis = journal.Step(FailoverStepName.RedisData);
        var qdrant = journal.Step(FailoverStepName.QdrantData);
        var data = await Task.WhenAll(
            Done(redis) ? Task.FromResult<DrException?>(null) : RunStepAsync(redis, work => Succeed(actions.RedisDataAsync(work, false, ct)), ct),
            Done(qdrant) ? Task.FromResult<DrException?>(null) : RunStepAsync(qdrant, work => Succeed(actions.QdrantDataAsync(work, false, ct)), ct)).ConfigureAwait(false);
        if (data.FirstOrDefault(f => f is not null) is { } dataFailure)
        {
            return dataFailure;
        }

        foreach (var (name, run) in new (FailoverStepName, Func<FailoverStep, Task>)[]
        {
            (FailoverStepName.DnsSwitch, step => actions.DnsSwitchAsync(step, false, ct)),
            (FailoverStepName.DnsPropagation, step => actions.DnsPropagationAsync(step, ct)),
            (FailoverStepName.Verify, step => actions.VerifyAsync(step, ct)),
        })
        {
            var step = journal.Step(name);
            if (Done(step))
            {
                continue;
            }

            reporter.Report(name);
            if (await RunStepAsync(step, work => Succeed(run(work)), ct).ConfigureAwait(false) is { } failed)
            {
                return failed;
            }
        }

        return null;
    }

    private async Task<DrException?> ReadOnlyStepAsync(FailoverRequest request, FailoverStep step, CancellationToken ct)
    {
        if (step.Name == FailoverStepName.ConfirmTrigger)
        {
            if (request.OutageStartedAt is { } outage)
            {
                step.Details.Add($"Source first seen failing at {outage:u} (-OutageStartedAt).");
            }

            if (!await actions.SourceHealthyAsync(step, ct).ConfigureAwait(false))
            {
                step.Details.Add($"Region '{request.From}' is failing: the failover is triggered.");
                return null;
            }

            if (request.Force)
            {
                step.Details.Add($"Region '{request.From}' is healthy: a planned failover (-Force).");
                return null;
            }

            return new DrException(ErrorIds.FailoverSourceHealthy, DrErrorCategory.ResourceBusy,
                $"Region '{request.From}' of '{request.Environment}' is healthy (its application and Qdrant answer); a failover would move users off a working region.",
                "Check what users see (Test-DrService); for a planned failover run again with -Force.", request.From);
        }

        var notReady = await actions.TargetReadinessAsync(step, ct).ConfigureAwait(false);
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
        foreach (var name in Changing.Where(n => !Done(journal.Step(n))))
        {
            var step = new FailoverStep { Name = name };
            Func<Task> describe = name switch
            {
                FailoverStepName.FenceSource => () => actions.FenceSourceAsync(step, true, ct),
                FailoverStepName.RedisData => () => actions.RedisDataAsync(step, true, ct),
                FailoverStepName.QdrantData => () => actions.QdrantDataAsync(step, true, ct),
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
                step.ErrorId = "OperationStopped";
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

    private async Task<(FailoverJournal, bool)> OpenJournalAsync(FailoverRequest request, CancellationToken ct)
    {
        var existing = await journalStore.ReadAsync(ct).ConfigureAwait(false);
        if (existing is not null && Lease.HeldByOther(existing.Lease, Now()))
        {
            throw new DrException(ErrorIds.FailoverInProgress, DrErrorCategory.ResourceBusy,
                $"A failover of '{request.Environment}' from '{request.From}' to '{request.To}' is already running ({existing.Lease!.Owner}, lease until {existing.Lease.ExpiresAt:u}).",
                $"Wait for it to finish, or, if it was killed on another machine, until its lease expires; the journal is {journalStore.Location}.", journalStore.Location);
        }

        var usable = existing is not null && !request.Restart && !existing.IsComplete && existing.Environment == request.Environment
            && existing.From == request.From && existing.To == request.To;
        if (usable)
        {
            var first = existing!.Steps.FirstOrDefault(s => !Done(s));
            Log.Verbose($"Continuing the failover started at {existing.StartedAt:u} at step {first?.Name} (journal {journalStore.Location}).");
            existing.OutageStartedAt ??= request.OutageStartedAt;
            return (existing, true);
        }

        return (FailoverJournal.Start(request.Environment, request.From, request.To, Now(), request.OutageStartedAt), false);
    }

    private async Task RenewAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Lease.Duration / 3, stop).ConfigureAwait(false);
                await WriteAsync(stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (DrException ex)
        {
            Log.Warning($"The failover lease could not be renewed: {ex.Message}");
        }
    }

    private async Task WriteAsync(CancellationToken ct)
    {
        await _writing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            FailoverJournal snapshot;
            lock (_gate)
            {
                if (_journal.Lease is not null)
                {
                    _journal.Lease = _journal.Lease with { ExpiresAt = Now() + Lease.Duration };
                }

                snapshot = FailoverJournalJson.Deserialize(FailoverJournalJson.Serialize(_journal), journalStore.Location);
            }

            await journalStore.WriteAsync(snapshot, ct).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    private FailoverResult Finish(FailoverRequest request, FailoverJournal journal, bool resumed)
    {
        var result = new FailoverResult
        {
            Environment = journal.Environment, From = journal.From, To = journal.To, StartedAt = journal.StartedAt,
            OutageStartedAt = journal.OutageStartedAt, Steps = [.. journal.Steps], Journal = journalStore.Location, Resumed = resumed,
        };
        FailoverVerdicts.Judge(result, request.Objectives);
        return result;
    }

    private static bool Done(FailoverStep step) => step.Status is FailoverStepStatus.Succeeded or FailoverStepStatus.Skipped;

    private static async Task<DrException?> Succeed(Task work)
    {
        await work.ConfigureAwait(false);
        return null;
    }
}
