using System.Diagnostics;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Readiness;

/// <summary>
/// The newest restorable backup in the region's store for every Qdrant collection of the region's cluster (the
/// store's own Qdrant sources when the cluster cannot list them) and every Redis backup name in the store, each
/// judged against the RPO (<see cref="BackupRules"/>). Restorable is what the catalog says: Succeeded and not forensic.
/// </summary>
internal static class BackupProbe
{
    public const string Check = "Backup catalog";

    public static ReadinessProbe Create(Func<IBackupStore> openStore, IQdrantPoints? points, DrObjectives objectives, Func<DateTime> now, Action<string> note) =>
        new(Check, ReadinessCategory.Backup, "the region's store lists its backups", async ct =>
        {
            var clock = Stopwatch.StartNew();
            var collections = points is null ? null : await CollectionsAsync(points, note, ct).ConfigureAwait(false);
            var store = openStore();
            var unreadable = new List<string>();
            var backups = await new BackupListing(store) { Kinds = [QdrantBackup.KindName, RedisBackup.KindName] }
                .ListAsync(error => unreadable.Add(error.Message), note, ct).ConfigureAwait(false);
            foreach (var problem in unreadable)
            {
                note(problem);
            }

            var bySource = backups.GroupBy(b => (b.Kind, b.Source)).ToDictionary(g => g.Key, g => (IReadOnlyList<DrBackup>)g.ToList());
            var qdrantSources = collections ?? bySource.Keys.Where(k => k.Kind == QdrantBackup.KindName).Select(k => k.Source).ToList();
            var redisSources = bySource.Keys.Where(k => k.Kind == RedisBackup.KindName).Select(k => k.Source);
            var elapsed = clock.Elapsed;
            var at = now();
            var checks = qdrantSources.Select(s => (QdrantBackup.KindName, s)).Concat(redisSources.Select(s => (RedisBackup.KindName, s)))
                .Distinct()
                .OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal)
                .Select(k => BackupRules.Judge(k.Item1, k.Item2, bySource.GetValueOrDefault(k, []), objectives, at, elapsed))
                .ToList();
            if (checks.Count == 0)
            {
                checks.Add(ReadinessChecks.Make(ReadinessCategory.Backup, Check, ReadinessStatus.Failed, "restorable backups in the region's store",
                    $"no Qdrant or Redis backup in {store.Location}", elapsed,
                    "Copy the newest backups into this region's store (Copy-DrBackup), or check regions.<name>.store.location."));
            }

            return checks;
        });

    private static async Task<IReadOnlyList<string>?> CollectionsAsync(IQdrantPoints points, Action<string> note, CancellationToken ct)
    {
        try
        {
            return await points.ListCollectionsAsync(ct).ConfigureAwait(false);
        }
        catch (DrException ex)
        {
            note($"The region's Qdrant did not list its collections ({ex.Message}); the backups are checked for the collections the store holds.");
            return null;
        }
    }
}
