using System.Runtime.CompilerServices;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Backups.Retention;
using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Qdrant.Restore;

/// <summary>Restore-QdrantCluster as one operation: choose the backup, plan, ask, reset if asked, restore, verify.</summary>
public sealed partial class QdrantRestoreEngine
{
    // Backups this engine chose by a Full check just now: reading 50 GB twice helps nobody.
    private readonly HashSet<QdrantBackup> _verifiedWhenChosen = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Runs <paramref name="request"/>, yielding a failure for each backup that cannot be planned (or the newest good
    /// one that cannot be found) and a result for each restore. <paramref name="shouldProcess"/> gets each collection
    /// and everything its restore will do (forensic backup, volume reset); a restore it declines does not run.
    /// </summary>
    public async IAsyncEnumerable<QdrantOutcome<RestoreResult>> RunAsync(QdrantRestoreRequest request, Func<string, string, bool> shouldProcess,
        IProgress<TransferProgress>? progress, [EnumeratorCancellation] CancellationToken ct)
    {
        var backups = request.Backups.ToList();
        if (request.LatestOf is { } collection)
        {
            if (await NewestGoodBackupAsync(collection, ct).ConfigureAwait(false) is not { } latest)
            {
                yield return new(null, NoGoodBackup(collection), collection);
                yield break;
            }

            _verifiedWhenChosen.Add(latest);
            backups.Add(latest);
        }

        var plans = new List<QdrantRestorePlan>();
        foreach (var backup in backups)
        {
            var (plan, failure) = await TryPlanAsync(backup, request.TargetCollection, ct).ConfigureAwait(false);
            if (plan is null)
            {
                yield return new(null, failure, backup);
                continue;
            }

            plans.Add(plan);
        }

        if (plans.Count == 0)
        {
            yield break;
        }

        var resetText = await PlanResetAsync(plans, ct).ConfigureAwait(false) is { } resetPlan ? "; " + resetPlan.Describe() : string.Empty;
        var approved = plans.Where(plan => shouldProcess(plan.Collection, plan.Describe() + PreserveText(plan) + resetText)).ToList();
        if (approved.Count == 0)
        {
            yield break;
        }

        await foreach (var (result, failure) in RestoreAsync(approved, progress, ct).ConfigureAwait(false))
        {
            yield return new(result, failure, result);
        }
    }

    /// <summary>The newest Succeeded backup of <paramref name="collection"/> in the engine's store that passes Full integrity; older ones are tried in turn.</summary>
    public async Task<QdrantBackup?> NewestGoodBackupAsync(string collection, CancellationToken ct)
    {
        var store = _store ?? throw new DrException(ErrorIds.BackupStoreUnknown, DrErrorCategory.InvalidArgument,
            $"No store was given to find the newest backup of '{collection}' in.", "Pass -Store.", collection);
        var backups = (await new BackupCatalog(store).ListAsync(new BackupQuery(Collections: [collection]), ct).ConfigureAwait(false)).OfType<QdrantBackup>();
        var checker = new IntegrityChecker(store, _log) { Decryption = Keys, TrustedSigners = TrustedSigners };
        var finder = new NewestGoodBackupFinder(checker, IntegrityLevel.Full, _log) { RequiredKeys = Keys };
        return (QdrantBackup?)await finder.NewestGoodAsync(backups, $"'{collection}'", null, ct).ConfigureAwait(false);
    }

    private async Task<(QdrantRestorePlan? Plan, DrException? Failure)> TryPlanAsync(QdrantBackup backup, string? collection, CancellationToken ct)
    {
        try
        {
            return (await PlanAsync(backup, collection, ct).ConfigureAwait(false), null);
        }
        catch (DrException ex)
        {
            return (null, ex);
        }
    }

    private string PreserveText(QdrantRestorePlan plan) => PreserveCurrentState
        ? $"; first back up the current state of '{plan.Collection}' into {(_store ?? plan.Backup.Store)?.Location}, tagged forensic"
        : string.Empty;

    private DrException NoGoodBackup(string collection) => new(ErrorIds.BackupNotFound, DrErrorCategory.ObjectNotFound,
        $"No Succeeded backup of '{collection}' in {_store!.Location} passes Full integrity.",
        "List what exists with Get-DrBackup -Store <store> -Collection <name> | Test-BackupIntegrity, or restore from another store (a second-region copy).",
        collection);
}
