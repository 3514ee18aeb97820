using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Drills;
using PubSec.Dr.Errors;
using PubSec.Dr.Redis.Restore;

namespace PubSec.Dr.Drills.Scenarios;

/// <summary>
/// The Redis part of a restore drill, with Restore-RedisBackup's engine: the newest Redis backup of each source in
/// the region's store that passes Full integrity, its dump.rdb restored into a drill-owned folder on this machine (size,
/// SHA-256 and the RDB itself verified while it is written, keys counted) and the count compared with the manifest.
/// A logical backup needs a scratch Redis server to be restored into, which environments do not describe yet: it is
/// reported in the phase, not restored.
/// </summary>
internal static class RedisDrillData
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
            if (good.Mode != RedisBackupMode.Rdb)
            {
                phase.Details.Add($"Redis {good.Name}: backup {good.Id} is logical; restoring it needs a scratch Redis server, which the drill does not have: not restored.");
                continue;
            }

            await RestoreRdbAsync(context, phase, good, ct).ConfigureAwait(false);
        }

        DrillFailures.ThrowIfAny(context, ["BackupIntegrity", "RedisRestore", "RedisKeyCount"], "A Redis backup does not restore.");
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
            context.Check("RedisRestore", true, $"Redis {backup.Name}: dump.rdb of backup {backup.Id} restored and verified ({result.Bytes} bytes, SHA-256 as in the manifest)", backup.Id);
            var counted = result.KeysRestored;
            context.Check("RedisKeyCount", backup.KeyCount is null || backup.KeyCount == counted,
                $"{counted} keys in the restored RDB, the manifest says {backup.KeyCount?.ToString() ?? "nothing"}", backup.Id);
            phase.Details.Add($"Redis {backup.Name}: backup {backup.Id} restored into {folder} ({counted} keys). Sampled keys are not compared: that needs a server loading the file.");
        }
        catch (DrException ex)
        {
            context.Check("RedisRestore", false, $"Redis {backup.Name}: backup {backup.Id} does not restore: {ex.ErrorId}: {ex.Message}", backup.Id);
        }
    }

    private static string Safe(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
}
