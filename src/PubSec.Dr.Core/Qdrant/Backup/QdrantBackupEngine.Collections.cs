using System.Runtime.CompilerServices;
using PubSec.Dr.Errors;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Qdrant.Backup;

/// <summary>New-QdrantBackup as one operation: which collections, a plan for each, the caller's consent, the backup.</summary>
public sealed partial class QdrantBackupEngine
{
    /// <summary>
    /// Backs up <paramref name="requested"/> (every collection of the cluster when none are named), one after the
    /// other, yielding each backup made. A collection that fails yields its failure and the others go on; a backup
    /// that is Incomplete yields both the backup and QdrantBackupIncomplete. <paramref name="shouldProcess"/> gets the
    /// collection and what its backup will do, and a collection it declines is skipped.
    /// </summary>
    public async IAsyncEnumerable<QdrantOutcome<QdrantBackup>> BackupCollectionsAsync(IReadOnlyList<string>? requested,
        Func<string, string, bool> shouldProcess, IProgress<TransferProgress>? progress, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var collection in await ResolveCollectionsAsync(requested, ct).ConfigureAwait(false))
        {
            if (await BackupOneAsync(collection, shouldProcess, progress, ct).ConfigureAwait(false) is { } outcome)
            {
                yield return outcome;
            }
        }
    }

    private async Task<QdrantOutcome<QdrantBackup>?> BackupOneAsync(string collection, Func<string, string, bool> shouldProcess,
        IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        try
        {
            var phases = new PhaseClock();
            var plan = await phases.TimeAsync(Phases.Plan, () => PlanAsync(collection, ct)).ConfigureAwait(false);
            if (!shouldProcess(collection, $"{plan.Describe()}, and store the snapshots in {_store.Location}"))
            {
                return null;
            }

            var backup = await BackupAsync(plan, progress, phases, ct).ConfigureAwait(false);
            return new QdrantOutcome<QdrantBackup>(backup, backup.Status == BackupStatus.Succeeded ? null : Incomplete(backup), backup);
        }
        catch (DrException ex)
        {
            // One collection failing must not stop the others.
            return new QdrantOutcome<QdrantBackup>(null, ex, collection);
        }
    }

    private static DrException Incomplete(QdrantBackup backup) => new(ErrorIds.QdrantBackupIncomplete, DrErrorCategory.InvalidResult,
        $"The backup {backup.Id} of '{backup.Collection}' is Incomplete: {string.Join(" ", backup.Problems)}",
        "Do not rely on this backup for a restore. Fix the cluster (every shard needs an Active replica on a listed node) and back up again.",
        backup);
}
