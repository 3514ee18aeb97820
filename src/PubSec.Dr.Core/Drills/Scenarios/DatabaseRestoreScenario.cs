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
    private List<(QdrantBackup Backup, string Scratch)> _chosen = [];
    private List<(QdrantBackup Backup, string Scratch)> _restored = [];

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

    private async Task IdentifyAsync(DrillContext context, DrillPhase phase, CancellationToken ct) =>
        _chosen = await QdrantDrillData.ChooseAsync(context, phase, "nothing to restore it from", ct).ConfigureAwait(false);

    private async Task RestoreAsync(DrillContext context, DrillPhase phase, CancellationToken ct) =>
        _restored = await QdrantDrillData.RestoreAllAsync(context, phase, _chosen, ct).ConfigureAwait(false);

    private Task VerifyAsync(DrillContext context, DrillPhase phase, CancellationToken ct) => QdrantDrillData.VerifyAllAsync(context, phase, _restored, ct);
}
