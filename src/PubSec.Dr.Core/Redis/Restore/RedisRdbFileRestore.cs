using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Redis.Rdb;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Redis.Restore;

/// <summary>
/// Places the RDB file of a backup as dump.rdb in a self-managed server's data directory, atomically and only when
/// it is proven: the bytes go to a temporary file in the same folder while, in that one pass, their SHA-256 is
/// computed and the RDB itself is verified (magic, EOF opcode, CRC-64, keys counted; <see cref="RdbVerifier"/>). The
/// file is flushed to disk, and only when size and SHA-256 equal the manifest's and the RDB is intact does it take
/// dump.rdb's place. The dump.rdb it replaces is kept beside it as dump.rdb.replaced-&lt;UTC time&gt;. A failed,
/// refused or cancelled restore leaves the old dump.rdb as it was. Stopping and starting the server is the
/// operator's (see Restore-RedisBackup help).
/// </summary>
public sealed class RedisRdbFileRestore(string dataDirectory, IOperationLog log)
{
    public const string FileName = "dump.rdb";

    /// <summary>Overwrite an existing dump.rdb.</summary>
    public bool Replace { get; init; }

    /// <summary>Signers one of which must have signed the manifest, besides those of the store.</summary>
    public IReadOnlyList<X509Certificate2> TrustedSigners { get; init; } = [];

    public string TargetPath => Path.Combine(Path.GetFullPath(dataDirectory), FileName);

    public static BackupPart CheckRestorable(RedisBackup backup)
    {
        if (backup.Mode != RedisBackupMode.Rdb)
        {
            throw RedisRestoreErrors.NotUsable(backup, "it is a logical backup; restore it into a running server with -Endpoint");
        }

        if (backup.Status != BackupStatus.Succeeded || backup.Parts.Length != 1)
        {
            throw RedisRestoreErrors.NotUsable(backup, $"it is {backup.Status} with {backup.Parts.Length} part(s)");
        }

        return backup.Parts[0].Encryption is null
            ? backup.Parts[0]
            : throw RedisRestoreErrors.NotUsable(backup, "its part is encrypted, which Redis backups do not support");
    }

    public async Task<RedisRestoreResult> RestoreAsync(RedisBackup backup, IBackupStore store, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        // The store's manifest, not the object piped in, decides; its signature is checked before anything is touched.
        await ManifestGate.RequireAsync(backup, store, TrustedSigners, cancellationToken).ConfigureAwait(false);
        var part = CheckRestorable(backup);
        var directory = Path.GetFullPath(dataDirectory);
        if (!Directory.Exists(directory))
        {
            throw new DrException(ErrorIds.RedisDataDirectoryNotFound, DrErrorCategory.ObjectNotFound,
                $"The data directory {directory} does not exist.", "Give the server's 'dir' (CONFIG GET dir) as -DataDirectory.", directory);
        }

        var final = TargetPath;
        if (File.Exists(final) && !Replace)
        {
            throw new DrException(ErrorIds.RedisDataFileExists, DrErrorCategory.ResourceExists,
                $"{final} exists; it was left untouched.", "Add -Replace to overwrite it (stop the server first, or it writes its own dataset over the file on shutdown).", final);
        }

        var result = new RedisRestoreResult
        {
            BackupId = backup.Id,
            Name = backup.Name,
            Target = final,
            Mode = RedisBackupMode.Rdb,
            KeysRestored = backup.KeyCount ?? 0,
            StartedAt = DateTime.UtcNow,
        };

        var temp = Path.Combine(directory, $".{FileName}.pubsecdr-{Guid.NewGuid():N}.tmp");
        log.Verbose($"Writing {part.Key} ({part.Size} bytes) to {temp} and verifying it as an RDB on the way, then putting it in place of {final}.");
        try
        {
            CopyResult copied;
            (RdbSummary? Summary, DrException? Damage) rdb;
            await using (var source = await store.OpenReadAsync(part.Key, cancellationToken).ConfigureAwait(false))
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                var meter = new TransferMeter(progress, $"Restoring Redis backup {backup.Id}", $"{part.Key} -> {final}", part.Size);
                (copied, rdb) = await StreamCopier.CopyAsync(source, file, (content, token) => VerifyAsync(content, part.Key, token), meter, cancellationToken)
                    .ConfigureAwait(false);
                if (copied.Bytes != part.Size || !string.Equals(copied.Sha256, part.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw RedisRestoreErrors.PartChanged(backup, part, copied.Sha256, copied.Bytes);
                }

                if (rdb.Damage is { } damage)
                {
                    throw RedisRestoreErrors.RdbDamaged(backup, final, damage);
                }

                // On disk before the rename, so a crash right after cannot leave a renamed but empty dump.rdb.
                file.Flush(flushToDisk: true);
            }

            if (rdb.Summary?.Problem is { } unproven)
            {
                // Redis loads a file without a CRC too; its SHA-256 matched the manifest, so it is what was backed up.
                log.Warning($"{unproven} It is restored because its SHA-256 matches the backup's manifest.");
            }

            result.ReplacedFile = Install(temp, final);
            result.Bytes = copied.Bytes;
            result.Sha256 = copied.Sha256;
            result.KeysRestored = rdb.Summary?.KeyCount ?? backup.KeyCount ?? 0;
            if (result.ReplacedFile is { } kept)
            {
                log.Verbose($"The replaced {FileName} is kept as {kept}; delete it once the server runs from the restored file.");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DrException(ErrorIds.RedisDataFileWriteFailed, DrErrorCategory.WriteError,
                $"Writing {final} failed: {ex.Message}. The existing dump.rdb, if any, is unchanged.",
                "Check free space and that this account may write the server's data directory.", final, ex);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        result.CompletedAt = DateTime.UtcNow;
        result.Verdict = "Succeeded";
        return result;
    }

    /// <summary>Reads the RDB beside the copy; a damaged one is returned, not thrown, so the SHA-256 verdict comes first.</summary>
    private static async Task<(RdbSummary? Summary, DrException? Damage)> VerifyAsync(Stream content, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await RdbVerifier.VerifyAsync(content, name, cancellationToken).ConfigureAwait(false), null);
        }
        catch (DrException ex) when (ex.ErrorId is ErrorIds.RedisRdbMalformed or ErrorIds.RedisRdbChecksumMismatch)
        {
            return (null, ex);
        }
    }

    /// <summary>
    /// Puts the verified file in place. An existing dump.rdb is kept as dump.rdb.replaced-&lt;UTC time&gt; by File.Replace
    /// (a hard link, then one rename over dump.rdb), so dump.rdb exists at every instant, old or new, and the old
    /// data stays on disk until the operator deletes it.
    /// </summary>
    private static string? Install(string temp, string final)
    {
        if (!File.Exists(final))
        {
            File.Move(temp, final);
            return null;
        }

        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var kept = $"{final}.replaced-{stamp}";
        for (var n = 2; File.Exists(kept); n++)
        {
            kept = $"{final}.replaced-{stamp}-{n}";
        }

        File.Replace(temp, final, kept, ignoreMetadataErrors: true);
        return kept;
    }
}
