using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Retention;

/// <summary>
/// Invoke-DrRetention as one operation: the policies (the plan's defaults for kinds not given), the store's
/// catalog, the newest backup per source that passes integrity, the plan, and the deletions, each after
/// <c>confirm(target, action)</c> (the cmdlet's ShouldProcess). Every decision is handed to <c>done</c> in plan
/// order with its failure, if any; a manifest that cannot be read is handed to <c>unreadable</c> and the run goes on.
/// </summary>
public sealed class RetentionRun(IBackupStore store, IOperationLog log)
{
    /// <summary>Timing of the leases the deleter respects; tests shorten it.</summary>
    public LeaseTiming? LeaseTiming { get; init; }

    public async Task<RetentionSummary> RunAsync(IEnumerable<DrRetentionPolicy>? policies, IntegrityLevel verifyLevel, DateTime asOf,
        Func<string, string, bool> confirm, Action<RetentionDecision, DrException?> done, Action<DrException> unreadable,
        IProgress<StepProgress>? progress, CancellationToken cancellationToken)
    {
        var policySet = RetentionPolicySet.Create(policies);
        var now = asOf.ToUniversalTime();
        log.Verbose($"Retention of {store.Location} as of {now:yyyy-MM-dd HH:mm:ss}Z: {string.Join("; ", policySet.All)}.");

        var catalog = new BackupCatalog(store);
        catalog.UnreadableManifest += unreadable;
        var backups = await catalog.ListAsync(new BackupQuery(), cancellationToken).ConfigureAwait(false);
        var finder = new NewestGoodBackupFinder(new IntegrityChecker(store, log), verifyLevel, log);
        var findings = await finder.FindAsync(backups, progress, cancellationToken).ConfigureAwait(false);
        var plan = RetentionPlanner.Plan(backups, policySet, now, findings);
        var summary = await new RetentionExecutor(store, log, LeaseTiming).ApplyAsync(plan, decision => confirm(
                $"{decision.Kind} backup {decision.BackupId} of '{decision.Source}' started {decision.StartedAt:yyyy-MM-dd HH:mm:ss}Z in {store.Location}",
                $"Delete ({string.Join("; ", decision.Reasons)})"),
            done, progress, cancellationToken).ConfigureAwait(false);
        log.Verbose(summary.ToString());
        return summary;
    }
}
