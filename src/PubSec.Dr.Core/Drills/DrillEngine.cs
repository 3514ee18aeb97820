using System.Diagnostics;
using PubSec.Dr.Backends;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Errors;
using PubSec.Dr.Failover;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Drills;

/// <summary>
/// Runs one drill: removes the leftovers of killed drills, writes this drill's ledger, runs the scenario's phases one
/// after the other (timed; the first that fails stops the rest), removes whatever the drill created (also after a
/// failure or Ctrl+C), judges the result against the plan's success criteria (3.1) and saves it in the store as the
/// history. Nothing outside drill-owned resources and drills/&lt;environment&gt;/ in the store is changed.
/// </summary>
public sealed class DrillEngine(IBackendFactory backends)
{
    private const string OwnPhases = "Invoke-DrDrill";

    /// <summary>Whether a PerformedBy names a shipped cmdlet or runbook (the module's exports, the runbooks under scripts/).</summary>
    public Func<string, bool> Shipped { get; init; } = _ => false;

    public IOperationLog Log { get; init; } = NullOperationLog.Instance;

    /// <summary>How long a drill's ledger holds without a renewal (each phase renews it) before another host may sweep it.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromHours(2);

    /// <summary>How long the cleanup may take once the drill is over or cancelled (it does not obey the drill's token).</summary>
    public TimeSpan CleanupTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public Func<DateTimeOffset> Now { get; init; } = () => DateTimeOffset.UtcNow;

    /// <summary>The scenario implementations (xunit hands its own).</summary>
    public Func<DrillScenario, IDrillScenario?> Scenarios { get; init; } = DrillScenarios.For;

    /// <summary>The removers of every resource kind drills create (any drill may sweep any kind).</summary>
    public IReadOnlyList<IDrillResourceRemover> Removers { get; init; } = [];

    public IReadOnlyList<IDrillResourceRemover> AllRemovers => Removers.Count > 0 ? Removers : DrillScenarios.Removers(backends, Log);

    /// <summary>What the drill would do, phase by phase (-WhatIf and ShouldProcess's text).</summary>
    public string Describe(DrillRequest request)
    {
        var scenario = Scenario(request.Scenario);
        var phases = scenario.Steps.Select(s => $"{s.Name} ({s.PlanStep}, {s.PerformedBy})");
        return $"Run the {request.Scenario} drill on drill-owned copies in {request.Region.Name}: remove leftovers of killed drills; "
            + $"{string.Join("; ", phases)}; remove what it created; save the result under drills/{request.Environment.Name}/ in {request.Region.Store?.Location}";
    }

    /// <summary>The drill's result, or null when <paramref name="shouldProcess"/> declined (-WhatIf).</summary>
    public async Task<DrillResult?> RunAsync(DrillRequest request, Func<string, string, bool> shouldProcess, IProgress<StepProgress>? progress,
        CancellationToken ct)
    {
        var scenario = Scenario(request.Scenario);
        if (!shouldProcess($"{request.Environment.Name} ({request.Region.Name})", Describe(request)))
        {
            return null;
        }

        var store = request.Region.Require(r => r.Store, "store").Open();
        var result = new DrillResult
        {
            Id = DrillNames.NewId(), Environment = request.Environment.Name, Scenario = request.Scenario, Scheduled = request.Scheduled,
            StartedAt = Now(), Objectives = request.Environment.Objectives,
        };
        var lease = new FailoverLeasePolicy { Duration = LeaseDuration };
        var removers = AllRemovers.ToDictionary(r => r.Kind, StringComparer.Ordinal);
        var total = scenario.Steps.Count + 2;
        var sweep = Own("RemoveLeftovers");
        result.Phases.Add(sweep);
        Report(progress, request, sweep, 0, total);
        await TimeAsync(sweep, async () => result.LeftoversRemoved = await new LeftoverSweep(store, request.Environment, removers, lease, Log)
            .RunAsync(sweep, ct).ConfigureAwait(false)).ConfigureAwait(false);

        var ledger = new DrillLedger(store, new DrillLedgerRecord
        {
            Id = result.Id, Environment = result.Environment, Scenario = result.Scenario, StartedAt = result.StartedAt,
        }, lease);
        using var keys = new DecryptionKeyRing(request.DecryptionCertificates);
        var context = new DrillContext(result.Id, request, backends, store, ledger, keys, Log, result.StartedAt);
        try
        {
            // Before anything is created: a drill killed from here on leaves a ledger for the next one.
            await ledger.RenewAsync(ct).ConfigureAwait(false);
            await RunStepsAsync(scenario, context, ledger, result, progress, total, ct).ConfigureAwait(false);
        }
        finally
        {
            var cleanup = Own("RemoveDrillResources");
            result.Phases.Add(cleanup);
            Report(progress, request, cleanup, total - 1, total);
            await TimeAsync(cleanup, () => CleanUpAsync(request, ledger, removers, context, cleanup)).ConfigureAwait(false);
        }

        return await FinishAsync(result, context, ledger, store, ct).ConfigureAwait(false);
    }

    private async Task RunStepsAsync(IDrillScenario scenario, DrillContext context, DrillLedger ledger, DrillResult result,
        IProgress<StepProgress>? progress, int total, CancellationToken ct)
    {
        var stopped = false;
        for (var index = 0; index < scenario.Steps.Count;)
        {
            // A step marked WithNext runs at the same time as the next one: the group is timed phase by phase.
            var group = new List<(DrillStep Step, DrillPhase Phase)>();
            do
            {
                var step = scenario.Steps[index++];
                group.Add((step, step.NewPhase()));
            }
            while (group[^1].Step.WithNext && index < scenario.Steps.Count);

            result.Phases.AddRange(group.Select(g => g.Phase));
            if (stopped)
            {
                group.ForEach(g => g.Phase.Message = "Not run: an earlier phase failed.");
                continue;
            }

            foreach (var (_, phase) in group)
            {
                Report(progress, context.Request, phase, result.Phases.IndexOf(phase), total);
            }

            await ledger.RenewAsync(ct).ConfigureAwait(false);
            context.PhaseChecksStart = context.CheckCount;
            var outcomes = await Task.WhenAll(group.Select(g => group.Count == 1
                ? TimeAsync(g.Phase, () => g.Step.RunAsync(context, g.Phase, ct))
                : Task.Run(() => TimeAsync(g.Phase, () => g.Step.RunAsync(context, g.Phase, ct)), ct))).ConfigureAwait(false);
            stopped = outcomes.Contains(false);

            // What a real recovery would have spent here: phases side by side count once, for the longest of them.
            var counted = group.Where(g => g.Step.CountsTowardRto).ToList();
            if (counted.Count > 0)
            {
                result.Rto = (result.Rto ?? TimeSpan.Zero) + counted.Max(g => g.Phase.Duration ?? TimeSpan.Zero);
            }
        }
    }

    private async Task<DrillResult> FinishAsync(DrillResult result, DrillContext context, DrillLedger ledger, Storage.IBackupStore store, CancellationToken ct)
    {
        result.Created = [.. ledger.Resources];
        result.Removed = [.. ledger.Resources.Where(r => r.RemovedAt is not null)];
        result.Checks = context.Checks;
        result.Rpo = context.Rpo;
        result.RpoBasis = context.RpoBasis;
        result.CompletedAt = Now();
        result.Criteria = DrillCriteria.Judge(result, result.Objectives!, Shipped);
        result.Verdict = DrillCriteria.Verdict(result.Criteria);
        try
        {
            await new DrillHistoryStore(store).SaveAsync(result, ct).ConfigureAwait(false);
        }
        catch (DrException ex)
        {
            Log.Warning($"The drill result could not be saved in {store.Location} ({ex.Message}); Get-DrDrillHistory will not show it.");
        }

        return result;
    }

    private async Task CleanUpAsync(DrillRequest request, DrillLedger ledger, IReadOnlyDictionary<string, IDrillResourceRemover> removers,
        DrillContext context, DrillPhase phase)
    {
        // Its own deadline, not the drill's token: after Ctrl+C the cleanup must still run.
        using var deadline = new CancellationTokenSource(CleanupTimeout);
        var failed = new List<string>();
        foreach (var resource in ledger.Resources.Where(r => r.RemovedAt is null).Reverse().ToList())
        {
            try
            {
                await LeftoverSweep.RemoveAsync(request.Environment, removers, resource, deadline.Token).ConfigureAwait(false);
                await ledger.RemovedAsync(resource, deadline.Token).ConfigureAwait(false);
                phase.Details.Add($"Removed {resource}.");
            }
            catch (Exception ex) when (ex is DrException or OperationCanceledException)
            {
                failed.Add($"{resource}: {ex.Message}");
            }
        }

        context.Check("Cleanup", failed.Count == 0, failed.Count == 0
            ? $"{ledger.Resources.Count} drill resource(s) removed"
            : $"not removed (the next drill removes them): {string.Join("; ", failed)}", null);
        if (failed.Count > 0)
        {
            throw new DrException(ErrorIds.DrillCleanupFailed, DrErrorCategory.ResourceBusy, $"The drill could not remove: {string.Join("; ", failed)}",
                "The next drill removes them (its ledger stays in the store); or remove them by hand.", ledger.Key);
        }

        await ledger.DeleteAsync(deadline.Token).ConfigureAwait(false);
    }

    /// <summary>Runs and times one phase; false when it failed. Ctrl+C fails it and goes on up (the cleanup still runs).</summary>
    private async Task<bool> TimeAsync(DrillPhase phase, Func<Task> work)
    {
        phase.Status = FailoverStepStatus.Running;
        phase.StartedAt = Now();
        var clock = Stopwatch.StartNew();
        try
        {
            await work().ConfigureAwait(false);
            if (phase.Status == FailoverStepStatus.Running)
            {
                phase.Status = FailoverStepStatus.Succeeded;
            }

            return true;
        }
        catch (DrException ex)
        {
            (phase.Status, phase.ErrorId, phase.Message) = (FailoverStepStatus.Failed, ex.ErrorId, ex.Message);
            Log.Warning($"Drill phase {phase.Name} failed: {ex.Message}");
            return false;
        }
        catch (OperationCanceledException)
        {
            (phase.Status, phase.ErrorId, phase.Message) = (FailoverStepStatus.Failed, ErrorIds.DrillStopped, "Stopped (Ctrl+C).");
            throw;
        }
        finally
        {
            var elapsed = clock.Elapsed;
            phase.Duration = elapsed;
            phase.CompletedAt = phase.StartedAt + elapsed;
        }
    }

    private static DrillPhase Own(string name) => new() { Name = name, PlanStep = "3.1 drills are non-disruptive", PerformedBy = OwnPhases, CountsTowardRto = false };

    private IDrillScenario Scenario(DrillScenario scenario) => Scenarios(scenario) ?? throw new DrException(ErrorIds.DrillScenarioNotAvailable,
        DrErrorCategory.NotImplemented, $"The {scenario} drill is not implemented in this version of the module.",
        "Run one of the scenarios it implements: RegionalFailover, DatabaseRestore, InfrastructureRebuild or SecurityBreach.", scenario);

    private static void Report(IProgress<StepProgress>? progress, DrillRequest request, DrillPhase phase, int index, int total) =>
        progress?.Report(new StepProgress($"{request.Scenario} drill ({request.Environment.Name}, {request.Region.Name})",
            $"{phase.Name} ({phase.PlanStep}, {phase.PerformedBy})", 100 * index / total));
}
