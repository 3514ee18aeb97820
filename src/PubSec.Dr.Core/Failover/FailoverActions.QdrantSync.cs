using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant.Backup;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Qdrant.Compare;
using PubSec.Dr.Qdrant.Restore;

namespace PubSec.Dr.Failover;

/// <summary>
/// SyncQdrant, and QdrantData after a healthy source is fenced: each of the active region's collections is compared
/// with the target's (count, sample, golden queries, the same comparison as Compare-QdrantCollection); where they
/// differ, a fresh backup of the active one is taken into the target region's store with the backup engine and
/// restored with the restore engine. Run before fencing it moves the bulk; run after, it catches what was written
/// in between, usually nothing.
/// </summary>
public sealed partial class FailoverActions
{
    public async Task SyncQdrantAsync(FailoverStep step, bool plan, CancellationToken ct)
    {
        var source = QdrantOf(_source);
        var target = QdrantOf(_target);
        var store = _target.Require(r => r.Store, "store").Open();
        using var sourceCluster = backends.Qdrant(source);
        using var targetCluster = backends.Qdrant(target);
        using var keys = new DecryptionKeyRing(DecryptionCertificates);
        var backup = new QdrantBackupEngine(sourceCluster, store, Log) { Tags = ["failover-sync"] };
        var restore = new QdrantRestoreEngine(targetCluster, store, Log) { Decryption = keys, TrustedSigners = TrustedSigners };
        var synced = new List<string>();
        foreach (var collection in await backup.ResolveCollectionsAsync(null, ct).ConfigureAwait(false))
        {
            if (await MatchesAsync(target, source, collection, ct).ConfigureAwait(false))
            {
                step.Details.Add($"'{collection}': '{to}' matches '{from}' (count, sample and golden queries); not copied.");
                continue;
            }

            if (plan)
            {
                step.Details.Add($"Would back up '{collection}' of '{from}' into {store.Location} and restore it in '{to}' (a collection there whose layout differs is dropped and restored afresh).");
                continue;
            }

            var fresh = await backup.BackupAsync(await backup.PlanAsync(collection, ct).ConfigureAwait(false), null, ct).ConfigureAwait(false);
            step.Details.Add($"Backed up '{collection}' of '{from}' as {fresh.Id} into {store.Location}.");
            await RestoreAsync(restore, fresh, step, $"taken from '{from}' just now", ct).ConfigureAwait(false);
            synced.Add(fresh.Id);
        }

        if (!plan)
        {
            step.State[FailoverStateKeys.QdrantBackups] = string.Join(",", synced);
            step.State[FailoverStateKeys.QdrantBackupAgeSeconds] = "0";
            step.State[FailoverStateKeys.DataLossBasis] = synced.Count == 0
                ? $"every collection of '{to}' matched the active '{from}'"
                : $"synchronised from fresh backups of the active '{from}' ({string.Join(", ", synced)})";
        }
    }

    /// <summary>The target's collection against the live source's, sampled now; a missing collection does not match.</summary>
    private async Task<bool> MatchesAsync(QdrantConnection target, QdrantConnection source, string collection, CancellationToken ct)
    {
        try
        {
            var reference = QdrantComparisonReference.OfCollection(collection, source.GrpcUri, QdrantSampler.DefaultSampleSize, QdrantSampler.DefaultGoldenQueryCount);
            var comparison = await new QdrantComparisonEngine(backends, target, Log).CompareAsync(collection, reference, 0.99, ct).ConfigureAwait(false);
            return comparison.Equivalent;
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.QdrantCollectionNotFound)
        {
            return false;
        }
    }
}
