using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Retention;

/// <summary>
/// Carries out a plan: each Delete decision is confirmed, then its backup deleted; one backup that cannot be
/// deleted is reported on its decision and the run goes on with the next. A backup that a copy or backup is
/// writing right now (a live lease in its folder) is kept, with that as its reason: not an error.
/// </summary>
public sealed class RetentionExecutor
{
    private readonly BackupDeleter _deleter;

    public RetentionExecutor(IBackupStore store, IOperationLog? log = null, LeaseTiming? leaseTiming = null) =>
        _deleter = new BackupDeleter(store, log) { LeaseTiming = leaseTiming };

    /// <param name="confirm">Asked right before each deletion (ShouldProcess); false leaves the backup alone.</param>
    /// <param name="done">Called once per decision, in plan order, after it is applied; the exception is the failure, if any.</param>
    public async Task<RetentionSummary> ApplyAsync(IReadOnlyList<RetentionDecision> decisions, Func<RetentionDecision, bool> confirm,
        Action<RetentionDecision, DrException?> done, IProgress<StepProgress>? progress, CancellationToken ct)
    {
        int kept = 0, deleted = 0, failed = 0, declined = 0;
        long freed = 0;
        var toDelete = decisions.Count(d => d.Action == RetentionAction.Delete);
        var index = 0;
        foreach (var decision in decisions)
        {
            if (decision.Action == RetentionAction.Keep)
            {
                kept++;
                done(decision, null);
                continue;
            }

            ct.ThrowIfCancellationRequested();
            progress?.Report(new StepProgress("Applying retention", $"Deleting backup {decision.BackupId} ({index + 1}/{toDelete})", 100 * index / toDelete));
            index++;
            if (!confirm(decision))
            {
                declined++;
                done(decision, null);
                continue;
            }

            try
            {
                var deletion = await _deleter.DeleteAsync(decision.Backup, ct).ConfigureAwait(false);
                if (deletion.KeptBecause is { } inUse)
                {
                    decision.Action = RetentionAction.Keep;
                    decision.Reasons = [$"{inUse} (otherwise: {string.Join("; ", decision.Reasons)})"];
                    kept++;
                    done(decision, null);
                    continue;
                }

                decision.BytesFreed = deletion.BytesFreed;
                decision.Deleted = true;
                deleted++;
                freed += decision.BytesFreed;
                done(decision, null);
            }
            catch (DrException ex)
            {
                failed++;
                decision.Error = ex.Message;
                done(decision, ex);
            }
        }

        return new RetentionSummary(kept, deleted, failed, declined, freed);
    }
}
