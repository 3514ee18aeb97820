using PubSec.Dr.Errors;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Failover;

/// <summary>
/// Invoke-RegionalFailover (plan 2.1, 2.3): confirm the trigger, prepare and check the target, sync it from a healthy
/// source, fence the source, move the data (Redis and Qdrant at once), switch DNS, wait for propagation, verify the
/// service, reprotect, write the notice. Each step is timed and journaled as it changes, so a killed or failed run
/// continues at the first step that did not succeed. The read-only steps run first; everything that changes a
/// region is asked for once, with the whole plan (-WhatIf shows it and changes nothing, not even the journal).
/// </summary>
public sealed partial class RegionalFailoverEngine(IFailoverActions actions, IFailoverJournalStore journalStore)
{
    /// <summary>The changing steps in order; the steps of one stage run at the same time (plan 2.3 step 4).</summary>
    private static readonly FailoverStepName[][] Stages =
    [
        [FailoverStepName.TargetWorkloads], [FailoverStepName.TargetReadiness], [FailoverStepName.SyncRedis, FailoverStepName.SyncQdrant],
        [FailoverStepName.FenceSource], [FailoverStepName.RedisData, FailoverStepName.QdrantData], [FailoverStepName.DnsSwitch],
        [FailoverStepName.DnsPropagation], [FailoverStepName.Verify], [FailoverStepName.Reprotect],
    ];

    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly object _gate = new();
    private FailoverJournal _journal = null!;
    private FailoverJournal? _replaced;

    public FailoverLeasePolicy Lease { get; init; } = new();

    public Func<DateTimeOffset> Now { get; init; } = () => DateTimeOffset.UtcNow;

    public IOperationLog Log { get; init; } = NullOperationLog.Instance;

    /// <summary>Where the opposite failover (To -> From) keeps its journal by default: a completed one there makes this run a failback.</summary>
    public IFailoverJournalStore? ReverseJournal { get; init; }

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
        var confirm = journal.Step(FailoverStepName.ConfirmTrigger);
        if (!Done(confirm))
        {
            reporter.Report(FailoverStepName.ConfirmTrigger);
            var kind = FailoverKind.Failover;
            FailoverJournal? reverse = null;
            var refusal = await RunStepAsync(confirm, async work =>
            {
                var (failure, decided, found) = await ConfirmTriggerAsync(request, work, ct).ConfigureAwait(false);
                (kind, reverse) = (decided, found);
                return failure;
            }, ct, persist: false).ConfigureAwait(false);
            if (refusal is not null)
            {
                return (Finish(request, journal, resumed), refusal);
            }

            Settle(journal, kind, reverse);
        }

        // Without workloads to prepare first, the target is judged before anything is asked for or changed.
        var readiness = journal.Step(FailoverStepName.TargetReadiness);
        if (!journal.Has(FailoverStepName.TargetWorkloads) && !Done(readiness))
        {
            reporter.Report(FailoverStepName.TargetReadiness);
            if (await RunStepAsync(readiness, work => ReadinessAsync(request, journal, work, ct), ct, persist: false).ConfigureAwait(false) is { } notReady)
            {
                return (Finish(request, journal, resumed), notReady);
            }
        }

        var plan = await PlanAsync(journal, ct).ConfigureAwait(false);
        var target = $"environment '{request.Environment}': region '{request.From}' -> '{request.To}'";
        if (!shouldProcess(target, FailoverPlanText.Describe(request, journal.Kind, plan)))
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
        foreach (var stage in Stages)
        {
            var steps = stage.Where(journal.Has).Select(journal.Step).Where(s => !Done(s)).ToList();
            if (steps.Count == 0)
            {
                continue;
            }

            reporter.Report(steps[0].Name);
            var failures = await Task.WhenAll(steps.Select(step => RunStepAsync(step, work => StepAsync(request, journal, work, ct), ct))).ConfigureAwait(false);
            if (failures.FirstOrDefault(f => f is not null) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    /// <summary>
    /// The kind is fixed once and the journal keeps only its steps. A failback also carries over, from the earlier
    /// failover's journal, the replicas of the target's Deployments that it fenced, so they can be scaled back.
    /// </summary>
    private static void Settle(FailoverJournal journal, FailoverKind kind, FailoverJournal? reverse)
    {
        journal.Settle(kind);
        if (kind == FailoverKind.Failback && reverse?.Steps.FirstOrDefault(s => s.Name == FailoverStepName.FenceSource) is { } fenced)
        {
            var workloads = journal.Step(FailoverStepName.TargetWorkloads);
            foreach (var (key, value) in fenced.State.Where(e => e.Key.StartsWith(FailoverStateKeys.DeploymentPrefix, StringComparison.Ordinal)))
            {
                workloads.State[key] = value;
            }
        }
    }

    private FailoverResult Finish(FailoverRequest request, FailoverJournal journal, bool resumed)
    {
        var result = new FailoverResult
        {
            Environment = journal.Environment, From = journal.From, To = journal.To, Kind = journal.Kind, StartedAt = journal.StartedAt,
            OutageStartedAt = journal.OutageStartedAt, Steps = [.. journal.Steps], Journal = journalStore.Location, Resumed = resumed,
        };
        FailoverVerdicts.Judge(result, request.Objectives);
        return result;
    }

    private static bool Done(FailoverStep step) => step.Status is FailoverStepStatus.Succeeded or FailoverStepStatus.Skipped;
}
