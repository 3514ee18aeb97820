using PubSec.Dr.Errors;

namespace PubSec.Dr.Drills.Scenarios;

/// <summary>
/// Plan 2.2 as a drill: the newest good backup of every collection in the region's store identified (Full integrity;
/// a newer broken one fails the drill), restored into drill-owned scratch collections in the region's Qdrant, and
/// compared with its manifest. The production collections are never touched. RPO: the age of the oldest backup used.
/// </summary>
public sealed class DatabaseRestoreScenario : IDrillScenario
{
    // The backups chosen in the first phase, restored in the second, verified in the third.
    private readonly List<(QdrantBackup Backup, string Scratch)> _chosen = [];
    private readonly List<(QdrantBackup Backup, string Scratch)> _restored = [];

    public DatabaseRestoreScenario()
    {
        Steps =
        [
            new("IdentifyLastGoodBackup", "2.2 step 2", "Test-BackupIntegrity", true, IdentifyAsync),
            new("RestoreQdrant", "2.2 step 3", "Restore-QdrantCluster", true, RestoreAsync),
            new("VerifyQdrant", "2.2 step 4", "Compare-QdrantCollection", true, VerifyAsync),
            new("RestoreRedis", "2.3 step 4 (restore-redis)", "Restore-RedisBackup", true, RedisDrillData.RestoreNewestAsync),
        ];
    }

    public DrillScenario Scenario => DrillScenario.DatabaseRestore;

    public IReadOnlyList<DrillStep> Steps { get; }

    private async Task IdentifyAsync(DrillContext context, DrillPhase phase, CancellationToken ct)
    {
        var none = new List<string>();
        foreach (var collection in await QdrantDrillData.ByCollectionAsync(context, ct).ConfigureAwait(false))
        {
            // A broken newest backup is a failed check (the drill fails), but the older good one is still restored:
            // the drill then also measures what a recovery from it would take.
            if (await QdrantDrillData.NewestGoodAsync(context, phase, collection.Key, collection, ct).ConfigureAwait(false) is not { } good)
            {
                none.Add(collection.Key);
            }
            else
            {
                _chosen.Add((good, context.ScratchName(collection.Key)));
                context.ObserveRpo(context.StartedAt - new DateTimeOffset(good.CompletedAt, TimeSpan.Zero),
                    $"age of Qdrant backup {good.Id} of '{good.Collection}' (completed {good.CompletedAt:u}) when the drill started");
            }
        }

        if (none.Count > 0)
        {
            throw new DrException(ErrorIds.DrillNothingToRestore, DrErrorCategory.InvalidData,
                $"No backup of {string.Join(", ", none.Select(c => $"'{c}'"))} in {context.Store.Location} passes Full integrity: nothing to restore it from.",
                "Look at the failed BackupIntegrity checks; Test-BackupIntegrity -Level Full shows what is wrong with each backup.", none[0]);
        }
    }

    private async Task RestoreAsync(DrillContext context, DrillPhase phase, CancellationToken ct)
    {
        foreach (var (backup, scratch) in _chosen)
        {
            if (await QdrantDrillData.RestoreAsync(context, phase, backup, scratch, ct).ConfigureAwait(false))
            {
                _restored.Add((backup, scratch));
            }
        }

        DrillFailures.ThrowIfAny(context, "Restore", "A backup could not be restored into its drill collection.");
    }

    private async Task VerifyAsync(DrillContext context, DrillPhase phase, CancellationToken ct)
    {
        foreach (var (backup, scratch) in _restored)
        {
            await QdrantDrillData.VerifyAsync(context, phase, backup, scratch, ct).ConfigureAwait(false);
        }

        DrillFailures.ThrowIfAny(context, ["PointCount", "SampledPoints", "GoldenQueries"], "A restored collection differs from its backup's manifest.");
    }
}
