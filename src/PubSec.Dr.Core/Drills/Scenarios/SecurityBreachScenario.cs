using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Drills.Scenarios;

/// <summary>
/// The plan's security breach (scenario 4, drilled in month 4): assume the credentials were compromised at the breach
/// time and prove the backups still hold. Every restorable backup kept in the region's store (the retention window)
/// passes Full integrity; the newest Qdrant backup of each collection passes a restore test; and each collection can
/// be restored from its newest good backup completed before the breach, into a drill-owned collection. RPO: the
/// breach time minus that backup's completion (what is lost by going back before the breach). Last, the secrets can be
/// rotated: a drill copy of the application's API-key Secret is rotated and the application must follow
/// (<see cref="SecretDrillData"/>).
/// </summary>
public sealed class SecurityBreachScenario : IDrillScenario
{
    public SecurityBreachScenario()
    {
        Steps =
        [
            new("VerifyRetentionWindow", "Scenario 4 (security breach): backups untampered", "Test-BackupIntegrity", true, RetentionWindowAsync),
            new("RestoreTestNewest", "Scenario 4 (security breach): newest backup restores", "Test-BackupIntegrity", true, RestoreTestAsync),
            new("RestoreBeforeBreach", "Scenario 4 (security breach): restore from before the breach", "Restore-QdrantCluster", true, BeforeBreachAsync),
            new("RotateSecret", "Scenario 4 (security breach): rotate secrets", "Update-DrSecret", true, SecretDrillData.RotateAsync),
        ];
    }

    public DrillScenario Scenario => DrillScenario.SecurityBreach;

    public IReadOnlyList<DrillStep> Steps { get; }

    private static async Task RetentionWindowAsync(DrillContext context, DrillPhase phase, CancellationToken ct)
    {
        var backups = (await new BackupCatalog(context.Store).ListAsync(new BackupQuery(), ct).ConfigureAwait(false)).Where(b => b.IsRestorable).ToList();
        var checker = QdrantDrillData.Checker(context);
        foreach (var backup in backups)
        {
            try
            {
                var report = await checker.CheckAsync(backup, IntegrityLevel.Full, null, ct).ConfigureAwait(false);
                var failed = report.Checks.Where(c => !c.Passed).Select(c => $"{c.Name} {c.Target}: {c.Detail}").ToList();
                context.Check("BackupIntegrity", failed.Count == 0, failed.Count == 0
                    ? $"{backup.Kind} backup of {backup.Source} (completed {backup.CompletedAt:u}) passes Full integrity ({report.BytesRead} bytes read)"
                    : $"{backup.Kind} backup of {backup.Source} fails Full integrity: {string.Join("; ", failed)}", backup.Id);
            }
            catch (DrException ex) when (ex.Category is not (DrErrorCategory.ConnectionError or DrErrorCategory.AuthenticationError or DrErrorCategory.PermissionDenied))
            {
                context.Check("BackupIntegrity", false, $"{backup.Kind} backup of {backup.Source} cannot be checked: {ex.ErrorId}: {ex.Message}", backup.Id);
            }
        }

        phase.Details.Add($"{backups.Count} restorable backup(s) in {context.Store.Location} checked at Full integrity.");
        DrillFailures.ThrowIfAny(context, "BackupIntegrity", "A backup of the retention window fails Full integrity: it may have been tampered with.");
    }

    private static async Task RestoreTestAsync(DrillContext context, DrillPhase phase, CancellationToken ct)
    {
        foreach (var collection in await QdrantDrillData.ByCollectionAsync(context, ct).ConfigureAwait(false))
        {
            var newest = collection.First();
            await QdrantDrillData.RestoreAsync(context, phase, newest, DrillNames.Scratch(context.Id, $"newest-{collection.Key}"), ct).ConfigureAwait(false);
        }

        DrillFailures.ThrowIfAny(context, DrillRestoreChecks.Qdrant, "The newest backup of a collection does not pass a restore test.");
    }

    private static async Task BeforeBreachAsync(DrillContext context, DrillPhase phase, CancellationToken ct)
    {
        var breach = context.Request.BreachTime ?? context.StartedAt;
        phase.Details.Add($"Breach time {breach.UtcDateTime:u}: backups completed after it are not trusted.");
        var missing = new List<string>();
        foreach (var collection in await QdrantDrillData.ByCollectionAsync(context, ct).ConfigureAwait(false))
        {
            var before = collection.Where(b => new DateTimeOffset(b.CompletedAt, TimeSpan.Zero) <= breach);
            if (await QdrantDrillData.NewestGoodAsync(context, phase, collection.Key, before, ct).ConfigureAwait(false) is not { } good)
            {
                missing.Add(collection.Key);
                continue;
            }

            context.ObserveRpo(breach - new DateTimeOffset(good.CompletedAt, TimeSpan.Zero),
                $"breach time {breach.UtcDateTime:u} minus the completion of Qdrant backup {good.Id} of '{good.Collection}' ({good.CompletedAt:u}), the newest good one before it");
            await QdrantDrillData.RestoreAsync(context, phase, good, DrillNames.Scratch(context.Id, $"prebreach-{collection.Key}"), ct).ConfigureAwait(false);
        }

        if (missing.Count > 0)
        {
            context.Check("RestoreBeforeBreach", false, $"no backup completed before {breach.UtcDateTime:u} passes Full integrity", string.Join(", ", missing));
            throw new DrException(ErrorIds.DrillNothingToRestore, DrErrorCategory.ObjectNotFound,
                $"No good backup of {string.Join(", ", missing.Select(c => $"'{c}'"))} completed before the breach time {breach.UtcDateTime:u}.",
                "Keep backups long enough to reach back before a breach (New-DrRetentionPolicy), or give an earlier -BreachTime.", missing[0]);
        }

        DrillFailures.ThrowIfAny(context, DrillRestoreChecks.Qdrant, "A collection cannot be restored from a backup older than the breach.");
    }
}
