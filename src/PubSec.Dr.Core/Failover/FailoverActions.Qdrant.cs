using System.Globalization;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Qdrant.Compare;
using PubSec.Dr.Qdrant.Restore;

namespace PubSec.Dr.Failover;

/// <summary>
/// QdrantData: per collection in the target region's store, the newest backup that passes Full integrity; when the
/// target cluster does not already hold it (every sampled point present and equal, at least as many points), it is
/// restored with the restore engine, which verifies count, sample and golden queries. The oldest backup restored
/// gives the data-loss window.
/// </summary>
public sealed partial class FailoverActions
{
    public async Task QdrantDataAsync(FailoverStep step, bool plan, CancellationToken ct)
    {
        var store = _target.Require(r => r.Store, "store").Open();
        var connection = QdrantOf(_target);
        using var keys = new DecryptionKeyRing(DecryptionCertificates);
        using var cluster = backends.Qdrant(connection);
        var engine = new QdrantRestoreEngine(cluster, store, Log) { Decryption = keys, TrustedSigners = TrustedSigners };
        var collections = (await new BackupCatalog(store).ListAsync(new BackupQuery(), ct).ConfigureAwait(false))
            .OfType<QdrantBackup>().Select(b => b.Collection).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (collections.Count == 0)
        {
            step.Details.Add($"No Qdrant backup in {store.Location}: nothing to restore, and the target's data age is unknown.");
        }

        var restored = new List<string>();
        var unknown = collections.Count == 0;
        TimeSpan oldest = TimeSpan.Zero;
        foreach (var collection in collections)
        {
            var latest = await engine.NewestGoodBackupAsync(collection, ct).ConfigureAwait(false);
            if (latest is null)
            {
                step.Details.Add($"'{collection}': no backup in {store.Location} passes Full integrity; left as the target holds it.");
                unknown = true;
                continue;
            }

            var age = Now() - latest.CompletedAt;
            if (await HoldsAsync(connection, collection, latest, ct).ConfigureAwait(false))
            {
                step.Details.Add($"'{collection}': the target already holds backup {latest.Id} or newer; not restored.");
                continue;
            }

            if (plan)
            {
                step.Details.Add($"Would restore '{collection}' from backup {latest.Id} (completed {latest.CompletedAt:u}, {age.TotalMinutes:0.#} min old){await ReplacementNoteAsync(engine, latest, ct).ConfigureAwait(false)}.");
                continue;
            }

            await RestoreAsync(engine, latest, step, $"{age.TotalMinutes:0.#} min old", ct).ConfigureAwait(false);
            restored.Add(latest.Id);
            oldest = age > oldest ? age : oldest;
        }

        if (!plan)
        {
            step.State[FailoverStateKeys.QdrantBackups] = string.Join(",", restored);
            // Without a backup to measure against, how old the target's data is cannot be said: the verdict says unknown.
            if (!unknown)
            {
                step.State[FailoverStateKeys.QdrantBackupAgeSeconds] = ((long)Math.Ceiling(oldest.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>
    /// Restores one backup with the restore engine (which verifies count, sample and golden queries); a failure stops
    /// the step. A target collection whose layout Qdrant cannot recover onto (other shard count or vectors) is dropped
    /// and restored afresh: the target is taking over, and the backup, not its stale collection, is the data it needs.
    /// </summary>
    private static async Task RestoreAsync(QdrantRestoreEngine engine, QdrantBackup backup, FailoverStep step, string note, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            DrException? refused = null;
            await foreach (var (result, failure, _) in engine.RunAsync(new QdrantRestoreRequest([backup]), (_, _) => true, null, ct).ConfigureAwait(false))
            {
                if (failure is not null && failure.ErrorId == ErrorIds.RestoreTargetIncompatible && attempt == 0)
                {
                    refused = failure;
                    continue;
                }

                if (failure is not null)
                {
                    throw failure;
                }

                step.Details.Add($"Restored '{backup.Collection}' from backup {backup.Id} ({note}): {result?.Verdict}.");
            }

            if (refused is null)
            {
                return;
            }

            step.Details.Add($"'{backup.Collection}' in the target cannot take backup {backup.Id} in place ({refused.Message}); it is dropped and restored afresh.");
            await engine.DropCollectionAsync(backup.Collection, ct).ConfigureAwait(false);
        }
    }

    /// <summary>For -WhatIf: whether the restore would have to replace the target's collection (its layout differs from the backup's).</summary>
    private static async Task<string> ReplacementNoteAsync(QdrantRestoreEngine engine, QdrantBackup backup, CancellationToken ct)
    {
        try
        {
            await engine.PlanAsync(backup, null, ct).ConfigureAwait(false);
            return string.Empty;
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.RestoreTargetIncompatible)
        {
            return $"; the target's collection would be dropped and restored afresh ({ex.Message})";
        }
    }

    private async Task<bool> HoldsAsync(QdrantConnection connection, string collection, QdrantBackup backup, CancellationToken ct)
    {
        try
        {
            var comparison = await new QdrantComparisonEngine(backends, connection, Log)
                .CompareAsync(collection, QdrantComparisonReference.OfBackup(backup), 0.9, ct).ConfigureAwait(false);
            return comparison.Equivalent || (comparison.ActualPointCount >= (comparison.ExpectedPointCount ?? long.MaxValue)
                && comparison.SampleChecked > 0 && comparison.SampleMatched == comparison.SampleChecked);
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.QdrantCollectionNotFound)
        {
            return false;
        }
    }
}
