using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Backups.Retention;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant.Compare;
using PubSec.Dr.Qdrant.Restore;

namespace PubSec.Dr.Drills.Scenarios;

/// <summary>
/// The Qdrant work the scenarios share, each with the module's own engines: the backups in the region's store per
/// collection, the newest one that passes Full integrity (NewestGoodBackupFinder, as Restore-QdrantCluster -Latest),
/// a restore into a drill-owned scratch collection (the scratch restore of Test-BackupIntegrity -Level Restore, which
/// verifies count, sample and golden queries) and the comparison with the manifest (Compare-QdrantCollection).
/// </summary>
internal static class QdrantDrillData
{
    /// <summary>Restorable Qdrant backups of the region's store, per collection (in name order), newest first.</summary>
    public static async Task<IReadOnlyList<IGrouping<string, QdrantBackup>>> ByCollectionAsync(DrillContext context, CancellationToken ct)
    {
        var backups = (await new BackupCatalog(context.Store).ListAsync(new BackupQuery(), ct).ConfigureAwait(false)).OfType<QdrantBackup>()
            .Where(b => b.IsRestorable).ToList();
        if (backups.Count == 0)
        {
            throw new DrException(ErrorIds.DrillNothingToRestore, DrErrorCategory.ObjectNotFound,
                $"The store of {context.Region.Name} ({context.Store.Location}) holds no restorable Qdrant backup: there is nothing to drill a restore with.",
                "Back up the collections first (New-QdrantBackup or scripts/Invoke-DrBackupRunbook.ps1), then run the drill again.", context.Store.Location);
        }

        return backups.GroupBy(b => b.Collection, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
    }

    public static IntegrityChecker Checker(DrillContext context) =>
        new(context.Store, context.Log) { Decryption = context.Keys, TrustedSigners = context.Request.TrustedSigners };

    /// <summary>
    /// The newest of <paramref name="backups"/> that passes Full integrity. Every newer one that fails becomes a failed
    /// check naming the backup and what failed: a broken newest backup fails the drill although an older one restores.
    /// </summary>
    public static async Task<T?> NewestGoodAsync<T>(DrillContext context, DrillPhase phase, string collection, IEnumerable<T> backups,
        CancellationToken ct)
        where T : DrBackup
    {
        var failures = new Dictionary<DrBackup, string>();
        var finder = new NewestGoodBackupFinder(Checker(context), IntegrityLevel.Full, context.Log) { RequiredKeys = context.Keys };
        var good = (T?)await finder.NewestGoodAsync(backups, $"'{collection}'", failures, ct).ConfigureAwait(false);
        foreach (var (backup, failure) in failures)
        {
            context.Check("BackupIntegrity", false, $"'{collection}': backup {backup.Id} (completed {backup.CompletedAt:u}) fails Full integrity: {failure}", backup.Id);
        }

        if (good is null)
        {
            context.Check("BackupIntegrity", false, $"'{collection}': no backup passes Full integrity", collection);
            phase.Details.Add($"'{collection}': no backup passes Full integrity.");
            return null;
        }

        context.Check("BackupIntegrity", true, $"'{collection}': backup {good.Id} (completed {good.CompletedAt:u}) passes Full integrity", good.Id);
        phase.Details.Add($"'{collection}': newest good backup {good.Id}, completed {good.CompletedAt:u}.");
        return good;
    }

    /// <summary>Restores <paramref name="backup"/> into the drill-owned collection <paramref name="name"/> (ledgered first); false when the restore failed.</summary>
    public static async Task<bool> RestoreAsync(DrillContext context, DrillPhase phase, QdrantBackup backup, string name, CancellationToken ct)
    {
        var scratch = new ScratchRestoreCheck(context.Backends, RegionConnections.Qdrant(context.Region), context.Store, context.Log) { Decryption = context.Keys };
        var check = await context.CreateAsync(QdrantCollectionRemover.ResourceKind, name, () => scratch.RestoreIntoAsync(backup, name, ct), ct).ConfigureAwait(false);
        context.Check(DrillRestoreChecks.Qdrant, check.Passed, $"'{backup.Collection}' backup {backup.Id}: {check.Detail}", backup.Id);
        phase.Details.Add($"'{backup.Collection}': backup {backup.Id} {(check.Passed ? "restored" : "NOT restored")} into '{name}' in {context.Region.Name}.");
        return check.Passed;
    }

    /// <summary>Compares the scratch collection with the backup's manifest (count, sample, golden queries) as Compare-QdrantCollection does.</summary>
    public static async Task<bool> VerifyAsync(DrillContext context, DrillPhase phase, QdrantBackup backup, string name, CancellationToken ct)
    {
        var comparison = await new QdrantComparisonEngine(context.Backends, RegionConnections.Qdrant(context.Region), context.Log)
            .CompareAsync(name, QdrantComparisonReference.OfBackup(backup), 0.9, ct).ConfigureAwait(false);
        var target = $"{backup.Id} → {name}";
        context.Check("PointCount", comparison.ExpectedPointCount == comparison.ActualPointCount,
            $"{comparison.ActualPointCount} points, the manifest says {comparison.ExpectedPointCount?.ToString() ?? "nothing"}", target);
        context.Check("SampledPoints", comparison.SampleMatched == comparison.SampleChecked,
            $"{comparison.SampleMatched} of {comparison.SampleChecked} sampled points equal", target);
        if (comparison.GoldenQueries > 0)
        {
            context.Check("GoldenQueries", comparison.Differences.All(d => d.Kind != "GoldenQueryRecall"),
                $"{comparison.GoldenQueries} golden queries, mean recall {comparison.MeanRecall:0.###}", target);
        }

        phase.Details.Add($"'{backup.Collection}' in '{name}': {(comparison.Equivalent ? "equivalent to" : $"{comparison.Differences.Count} difference(s) from")} backup {backup.Id}.");
        return comparison.Equivalent;
    }

    /// <summary>
    /// The newest good backup of every collection in the region's store, each with its drill collection name; the
    /// oldest gives the RPO. A broken newest backup is a failed check (the drill fails), but the older good one is
    /// still used, so the drill also measures a recovery from it. A collection without any good backup stops the phase.
    /// </summary>
    public static async Task<List<(QdrantBackup Backup, string Scratch)>> ChooseAsync(DrillContext context, DrillPhase phase, string consequence, CancellationToken ct)
    {
        var chosen = new List<(QdrantBackup, string)>();
        var none = new List<string>();
        foreach (var collection in await ByCollectionAsync(context, ct).ConfigureAwait(false))
        {
            if (await NewestGoodAsync(context, phase, collection.Key, collection, ct).ConfigureAwait(false) is not { } good)
            {
                none.Add(collection.Key);
                continue;
            }

            chosen.Add((good, context.ScratchName(collection.Key)));
            context.ObserveRpo(context.StartedAt - new DateTimeOffset(good.CompletedAt, TimeSpan.Zero),
                $"age of Qdrant backup {good.Id} of '{good.Collection}' (completed {good.CompletedAt:u}) when the drill started");
        }

        if (none.Count > 0)
        {
            throw new DrException(ErrorIds.DrillNothingToRestore, DrErrorCategory.InvalidData,
                $"No backup of {string.Join(", ", none.Select(c => $"'{c}'"))} in {context.Store.Location} passes Full integrity: {consequence}.",
                "Look at the failed BackupIntegrity checks; Test-BackupIntegrity -Level Full shows what is wrong with each backup.", none[0]);
        }

        return chosen;
    }

    /// <summary>Restores each chosen backup into its drill collection; the ones restored are returned, and any failure stops the phase.</summary>
    public static async Task<List<(QdrantBackup Backup, string Scratch)>> RestoreAllAsync(DrillContext context, DrillPhase phase,
        IEnumerable<(QdrantBackup Backup, string Scratch)> chosen, CancellationToken ct)
    {
        var restored = new List<(QdrantBackup, string)>();
        foreach (var (backup, scratch) in chosen)
        {
            if (await RestoreAsync(context, phase, backup, scratch, ct).ConfigureAwait(false))
            {
                restored.Add((backup, scratch));
            }
        }

        DrillFailures.ThrowIfAny(context, DrillRestoreChecks.Qdrant, "A backup could not be restored into its drill collection.");
        return restored;
    }

    /// <summary>Compares every restored drill collection with its manifest; a difference stops the phase.</summary>
    public static async Task VerifyAllAsync(DrillContext context, DrillPhase phase, IEnumerable<(QdrantBackup Backup, string Scratch)> restored, CancellationToken ct)
    {
        foreach (var (backup, scratch) in restored)
        {
            await VerifyAsync(context, phase, backup, scratch, ct).ConfigureAwait(false);
        }

        DrillFailures.ThrowIfAny(context, ["PointCount", "SampledPoints", "GoldenQueries"], "A restored collection differs from its backup's manifest.");
    }
}
