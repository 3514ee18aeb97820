using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Redis.Logical;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Redis.Restore;

/// <summary>
/// Restores a logical backup into database 0 of a Redis server with RESTORE, streaming: records are read and
/// proven one by one, sent in pipelined windows (at most 1,000 keys or 16 MB of payload), and only one window
/// is held at a time. The version check happens before anything is written: from INFO when the target's version
/// is known, and by restoring the first key alone, so a refusal there leaves the target untouched.
/// </summary>
public sealed class RedisLogicalRestoreEngine(IRedisConnector redis, RedisEndpoint target, IOperationLog log)
{
    private const int MaxWindowKeys = 1000;
    private const long MaxWindowBytes = 16L * 1024 * 1024;
    private const int ExistingKeysShown = 5;

    /// <summary>Overwrite keys that exist on the target (RESTORE ... REPLACE); without it they are left alone and reported.</summary>
    public bool Replace { get; init; }

    /// <summary>Only keys matching this glob are restored.</summary>
    public string? Pattern { get; init; }

    /// <summary>Signers one of which must have signed the manifest, besides those of the store.</summary>
    public IReadOnlyList<X509Certificate2> TrustedSigners { get; init; } = [];

    /// <summary>Refuses what cannot work before connecting: another mode, an unfinished backup, an encrypted part.</summary>
    public static BackupPart CheckRestorable(RedisBackup backup)
    {
        if (backup.Mode != RedisBackupMode.Logical)
        {
            throw RedisRestoreErrors.NotUsable(backup, "it is an RDB backup; restore it with -DataDirectory, or with the managed service's RDB import");
        }

        if (backup.Status != BackupStatus.Succeeded || backup.Parts.Length != 1)
        {
            throw RedisRestoreErrors.NotUsable(backup, $"it is {backup.Status} with {backup.Parts.Length} part(s)");
        }

        return backup.Parts[0].Encryption is null
            ? backup.Parts[0]
            : throw RedisRestoreErrors.NotUsable(backup, "its part is encrypted, which Redis backups do not support");
    }

    public async Task<(RedisRestoreResult Result, DrException? Failure)> RestoreAsync(RedisBackup backup, IBackupStore store,
        IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        // The store's manifest, not the object piped in, decides; its signature is checked before anything is touched.
        await ManifestGate.RequireAsync(backup, store, TrustedSigners, cancellationToken).ConfigureAwait(false);
        var part = CheckRestorable(backup);
        var result = new RedisRestoreResult
        {
            BackupId = backup.Id,
            Name = backup.Name,
            Target = target.Display,
            Mode = RedisBackupMode.Logical,
            Pattern = Pattern,
            StartedAt = DateTime.UtcNow,
        };

        await using var server = await redis.ConnectRedisAsync(target, cancellationToken).ConfigureAwait(false);
        var info = await server.InfoAsync(cancellationToken).ConfigureAwait(false);
        CheckVersion(backup, info);
        log.Verbose($"Restoring {backup.Id} ({backup.KeyCount} key(s), RDB {backup.RdbVersion}) into Redis {info.Version} at {target.Display}{(Replace ? ", replacing existing keys" : string.Empty)}.");

        var glob = Pattern is null ? null : new RedisGlob(Pattern);
        var writer = new RestoreWindow(server, backup, Replace);
        var meter = new KeyProgress(progress, $"Restoring Redis backup {backup.Id}", $"{part.Key} -> {target.Display}", backup.KeyCount);
        DrException? failure = null;
        var hashing = new HashingReadStream(await store.OpenReadAsync(part.Key, cancellationToken).ConfigureAwait(false));
        await using (hashing.ConfigureAwait(false))
        {
            using var reader = new LogicalDumpReader(hashing, part.Key);
            try
            {
                var header = await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
                if (header.RdbVersion != backup.RdbVersion)
                {
                    throw RedisRestoreErrors.NotUsable(backup, $"its dump says RDB version {header.RdbVersion}, its manifest {backup.RdbVersion}");
                }

                while (await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false) is { } record)
                {
                    if (glob is not null && !glob.IsMatch(record.Key))
                    {
                        result.KeysNotMatched++;
                        continue;
                    }

                    writer.Add(record);
                    // The first key goes alone: a version refusal then comes before anything was written.
                    if (result.KeysRestored + result.KeysSkipped == 0 || writer.Count >= MaxWindowKeys || writer.PayloadBytes >= MaxWindowBytes)
                    {
                        await FlushAsync(writer, result, meter, cancellationToken).ConfigureAwait(false);
                    }
                }

                await FlushAsync(writer, result, meter, cancellationToken).ConfigureAwait(false);
                if (backup.KeyCount is { } recorded && recorded != reader.KeysRead)
                {
                    throw new DrException(ErrorIds.RedisDumpKeyCountMismatch, DrErrorCategory.InvalidData,
                        $"The dump of backup {backup.Id} holds {reader.KeysRead} key(s); its manifest recorded {recorded}. The keys it holds were restored.",
                        "Compare the target with the source; take a new backup if the source still exists.", part.Key);
                }

                var measure = await hashing.FinishAsync(cancellationToken).ConfigureAwait(false);
                result.Bytes = measure.Bytes;
                result.Sha256 = measure.Sha256;
                if (!string.Equals(measure.Sha256, part.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw RedisRestoreErrors.PartChanged(backup, part, measure.Sha256, measure.Bytes);
                }
            }
            catch (DrException ex) when (ex.ErrorId != ErrorIds.RedisRestoreVersionUnsupported || result.KeysRestored > 0)
            {
                // Keys already written stay written; the result says how many, beside the error.
                failure = ex;
            }
            finally
            {
                meter.Complete();
            }
        }

        failure ??= writer.ExistingKeysError(ExistingKeysShown);
        result.KeysSkipped = writer.Skipped;
        result.CompletedAt = DateTime.UtcNow;
        result.Verdict = failure is null ? "Succeeded" : result.KeysRestored > 0 ? "Partial" : "Failed";
        log.Verbose($"Restored {result.KeysRestored} key(s) of {backup.Id} into {target.Display} in {result.Duration.TotalSeconds:F1} s ({result.KeysPerSecond:F0} keys/s); {result.KeysSkipped} existing key(s) left alone, {result.KeysNotMatched} not matching -Pattern.");
        return (result, failure);
    }

    private void CheckVersion(RedisBackup backup, RedisServerInfo info)
    {
        if (DumpPayload.RdbVersionOfServer(info.Version) is { } loads && backup.RdbVersion is { } needs && loads < needs)
        {
            throw RedisRestoreErrors.VersionUnsupported(backup, target.Display, $"Redis {info.Version} loads RDB version {loads} at most", restored: 0);
        }
    }

    private static async Task FlushAsync(RestoreWindow writer, RedisRestoreResult result, KeyProgress meter, CancellationToken cancellationToken)
    {
        if (writer.Count == 0)
        {
            return;
        }

        var bytes = writer.PayloadBytes;
        var (restored, skipped) = await writer.SendAsync(result.KeysRestored, cancellationToken).ConfigureAwait(false);
        result.KeysRestored += restored;
        result.KeysSkipped += skipped;
        meter.Add(restored, bytes);
    }
}
