using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Drills;
using PubSec.Dr.Errors;
using PubSec.Dr.Redis.Restore;

namespace PubSec.Dr.Drills.Scenarios;

/// <summary>
/// The Redis part of a restore drill, with Restore-RedisBackup's engines: the newest Redis backup of each source in
/// the region's store that passes Full integrity. A logical one is restored into the region's scratch Redis
/// (regions.&lt;r&gt;.drillRedis) and compared with the backup by key count and sampled keys; without a drillRedis the
/// phase says so. An RDB one is restored as dump.rdb into a drill-owned folder on this machine (size, SHA-256 and the
/// RDB itself verified while it is written, keys counted) and the count compared with the manifest.
/// </summary>
internal static partial class RedisDrillData
{
    public static async Task RestoreNewestAsync(DrillContext context, DrillPhase phase, CancellationToken ct)
    {
        var backups = (await new BackupCatalog(context.Store).ListAsync(new BackupQuery(), ct).ConfigureAwait(false)).OfType<RedisBackup>()
            .Where(b => b.IsRestorable).ToList();
        if (backups.Count == 0)
        {
            phase.Status = FailoverStepStatus.Skipped;
            phase.Details.Add($"No restorable Redis backup in {context.Store.Location}: nothing to restore.");
            return;
        }

        foreach (var source in backups.GroupBy(b => b.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (await QdrantDrillData.NewestGoodAsync(context, phase, $"Redis {source.Key}", source, ct).ConfigureAwait(false) is not { } good)
            {
                continue;
            }

            context.ObserveRpo(context.StartedAt - new DateTimeOffset(good.CompletedAt, TimeSpan.Zero),
                $"age of Redis backup {good.Id} of {good.Name} (completed {good.CompletedAt:u}) when the drill started");
            await (good.Mode == RedisBackupMode.Rdb ? RestoreRdbAsync(context, phase, good, ct) : RestoreLogicalAsync(context, phase, good, ct))
                .ConfigureAwait(false);
        }

        DrillFailures.ThrowIfAny(context, ["BackupIntegrity", DrillRestoreChecks.Redis, "RedisKeyCount", "RedisSampledKeys"], "A Redis backup does not restore.");
    }

    /// <summary>Into the scratch Redis (emptied first), with Restore-RedisBackup's logical engine, then compared with the backup.</summary>
    private static async Task RestoreLogicalAsync(DrillContext context, DrillPhase phase, RedisBackup backup, CancellationToken ct)
    {
        if (await ScratchRedis.ClaimAsync(context, context.Region, ct).ConfigureAwait(false) is not { } scratch)
        {
            phase.Details.Add($"Redis {backup.Name}: backup {backup.Id} is logical; restoring it needs a scratch Redis server: add regions.{context.Region.Name}.drillRedis "
                + "(endpoint, user, passwordVariable of a server holding no production data) to the environment file. Not restored.");
            return;
        }

        // A refused manifest or an unreachable server throws before the engine has a result: the same failed check.
        var engine = new RedisLogicalRestoreEngine(context.Backends, scratch, context.Log) { TrustedSigners = context.Request.TrustedSigners };
        RedisRestoreResult result;
        DrException? failure;
        try
        {
            (result, failure) = await engine.RestoreAsync(backup, context.Store, null, ct).ConfigureAwait(false);
        }
        catch (DrException ex)
        {
            (result, failure) = (new RedisRestoreResult(), ex);
        }

        context.Check(DrillRestoreChecks.Redis, failure is null, failure is null
            ? $"Redis {backup.Name}: backup {backup.Id} restored into the scratch Redis {scratch.Display} ({result.KeysRestored} keys, {result.Bytes} bytes, SHA-256 as in the manifest)"
            : $"Redis {backup.Name}: backup {backup.Id} does not restore into {scratch.Display} ({result.KeysRestored} keys written): {failure.ErrorId}: {failure.Message}", backup.Id);
        if (failure is null)
        {
            await RedisRestoreComparison.CompareAsync(context, backup, scratch, result.KeysRestored, ct).ConfigureAwait(false);
            phase.Details.Add($"Redis {backup.Name}: backup {backup.Id} restored into the scratch Redis {scratch.Display} and compared with the backup.");
        }
    }

    private static async Task RestoreRdbAsync(DrillContext context, DrillPhase phase, RedisBackup backup, CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), DrillNames.Scratch(context.Id, $"redis-{Safe(backup.Name)}"));
        try
        {
            var result = await context.CreateAsync(LocalDirectoryRemover.ResourceKind, folder, async () =>
            {
                Directory.CreateDirectory(folder);
                return await new RedisRdbFileRestore(folder, context.Log) { TrustedSigners = context.Request.TrustedSigners }
                    .RestoreAsync(backup, context.Store, null, ct).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
            context.Check(DrillRestoreChecks.Redis, true, $"Redis {backup.Name}: dump.rdb of backup {backup.Id} restored and verified ({result.Bytes} bytes, SHA-256 as in the manifest)", backup.Id);
            var counted = result.KeysRestored;
            context.Check("RedisKeyCount", backup.KeyCount is null || backup.KeyCount == counted,
                $"{counted} keys in the restored RDB, the manifest says {backup.KeyCount?.ToString() ?? "nothing"}", backup.Id);
            phase.Details.Add($"Redis {backup.Name}: backup {backup.Id} restored into {folder} ({counted} keys). Sampled keys are not compared: that needs a server loading the file.");
        }
        catch (DrException ex)
        {
            context.Check(DrillRestoreChecks.Redis, false, $"Redis {backup.Name}: backup {backup.Id} does not restore: {ex.ErrorId}: {ex.Message}", backup.Id);
        }
    }

    private static string Safe(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
}
