using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Redis.Logical;
using PubSec.Dr.Redis.Rdb;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Redis.Backup;

/// <summary>
/// "Back up this Redis" as one operation: checks that the format and its options fit, asks <c>confirm(target,
/// action)</c> (the cmdlet's ShouldProcess), then takes the backup in the format asked for. The fallback rule:
/// with Mode Rdb and Fallback Logical, a server that refuses the replication protocol (managed services such as
/// ElastiCache, Azure Cache and Memorystore refuse SYNC; RedisCommandRefused) is backed up as a logical dump of
/// every key instead, with a warning that says why. No other failure falls back, and Rdb alone never does.
/// </summary>
public sealed class RedisBackupRun(IRedisConnector redis, IBackupStore store, IOperationLog log)
{
    /// <summary>The backup taken (its Mode is the format used, FallbackReason why it is not the one asked for), or null when not confirmed.</summary>
    public async Task<RedisBackupOutcome?> BackupAsync(RedisBackupRequest request, Func<string, string, bool> confirm,
        IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        Check(request);

        // Validated before anything is asked of the server: a bad certificate must not cost a backup.
        var signer = request.SigningCertificate is null ? null : new ManifestSigner(request.SigningCertificate);
        var endpoint = request.Endpoint;
        var name = request.Name ?? endpoint.DefaultName;
        var what = request.Mode == RedisBackupMode.Rdb ? "pull the RDB file" : $"dump {(request.Pattern is null ? "every key" : $"keys matching '{request.Pattern}'")}";
        if (!confirm(endpoint.Display, $"{what} of Redis {endpoint.Display} and store it in {store.Location} as '{name}'"))
        {
            return null;
        }

        if (request.Mode == RedisBackupMode.Logical)
        {
            return new RedisBackupOutcome(await Logical(request, name, signer, progress, cancellationToken).ConfigureAwait(false), null);
        }

        try
        {
            var rdb = new RedisRdbBackupEngine(redis, endpoint, store, log) { Name = name, Signer = signer, LeaseTiming = request.LeaseTiming };
            return new RedisBackupOutcome(await rdb.BackupAsync(progress, cancellationToken).ConfigureAwait(false), null);
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.RedisCommandRefused && request.Fallback == RedisBackupMode.Logical)
        {
            var reason = $"{ex.Message} Falling back to a logical backup of every key, as -Fallback Logical asks.";
            log.Warning(reason);
            return new RedisBackupOutcome(await Logical(request, name, signer, progress, cancellationToken).ConfigureAwait(false), reason);
        }
    }

    /// <summary>Refuses combinations that cannot work, before anything is asked or touched.</summary>
    public static void Check(RedisBackupRequest request)
    {
        if (request.Fallback is { } fallback && (fallback != RedisBackupMode.Logical || request.Mode != RedisBackupMode.Rdb))
        {
            throw new DrException(ErrorIds.RedisBackupModeConflict, DrErrorCategory.InvalidArgument,
                "-Fallback Logical applies only to -Mode Rdb.", "Use -Mode Rdb -Fallback Logical, or -Mode Logical alone.", fallback);
        }

        if (request.Pattern is not null && request.Mode == RedisBackupMode.Rdb)
        {
            throw new DrException(ErrorIds.RedisBackupModeConflict, DrErrorCategory.InvalidArgument,
                "-Pattern selects keys, which only a logical backup can do; an RDB file always holds every key.",
                "Use -Mode Logical with -Pattern.", request.Pattern);
        }
    }

    private Task<RedisBackup> Logical(RedisBackupRequest request, string name, ManifestSigner? signer, IProgress<TransferProgress>? progress,
        CancellationToken cancellationToken) =>
        new RedisLogicalBackupEngine(redis, request.Endpoint, store, log) { Name = name, Pattern = request.Pattern, Signer = signer, LeaseTiming = request.LeaseTiming }
            .BackupAsync(progress, cancellationToken);
}
