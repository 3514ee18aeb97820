using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Redis.Restore;

/// <summary>
/// Restore-RedisBackup as one operation: a logical backup into a running server, an RDB backup as dump.rdb, each
/// refused before anything is touched when it cannot work, and only after <c>confirm(target, action)</c> (the
/// cmdlet's ShouldProcess). A backup without a store is a precondition failure and throws; every other failure of
/// this backup is returned beside what was restored (null when nothing was), so the pipeline goes on.
/// </summary>
public sealed class RedisRestoreRun(IRedisConnector redis, IOperationLog log)
{
    public async Task<(RedisRestoreResult? Result, DrException? Failure)> RestoreAsync(RedisBackup backup, RedisRestoreRequest request,
        Func<string, string, bool> confirm, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var store = backup.Store ?? throw new DrException(ErrorIds.BackupStoreUnknown, DrErrorCategory.InvalidArgument,
            $"The backup {backup.Id} does not say which store it is in.",
            "Pipe backups from Get-DrBackup or New-RedisBackup, which carry their store.", backup.Id);
        try
        {
            return request.DataDirectory is { } directory
                ? (await RdbFileAsync(backup, store, directory, request, confirm, progress, cancellationToken).ConfigureAwait(false), null)
                : await LogicalAsync(backup, store, request, confirm, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (DrException ex)
        {
            return (null, ex);
        }
    }

    private async Task<RedisRestoreResult?> RdbFileAsync(RedisBackup backup, IBackupStore store, string directory, RedisRestoreRequest request,
        Func<string, string, bool> confirm, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        RedisRdbFileRestore.CheckRestorable(backup);
        var file = new RedisRdbFileRestore(directory, log) { Replace = request.Replace, TrustedSigners = request.TrustedSigners };
        var action = $"write the RDB file of backup {backup.Id} ({backup.Parts[0].Size} bytes, {backup.KeyCount} key(s)) as {file.TargetPath}"
            + (request.Replace ? ", replacing the existing file" : string.Empty);
        return confirm(file.TargetPath, action) ? await file.RestoreAsync(backup, store, progress, cancellationToken).ConfigureAwait(false) : null;
    }

    private async Task<(RedisRestoreResult?, DrException?)> LogicalAsync(RedisBackup backup, IBackupStore store, RedisRestoreRequest request,
        Func<string, string, bool> confirm, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        RedisLogicalRestoreEngine.CheckRestorable(backup);
        var endpoint = new RedisEndpoint(request.Endpoint ?? string.Empty, request.Password, request.User) { Deadlines = request.Deadlines };
        var keys = request.Pattern is null ? $"{backup.KeyCount} key(s)" : $"the keys matching '{request.Pattern}' of {backup.KeyCount}";
        if (!confirm(endpoint.Display, $"RESTORE {keys} of backup {backup.Id} into db 0 of Redis {endpoint.Display}, "
            + (request.Replace ? "replacing keys that exist" : "leaving existing keys untouched")))
        {
            return (null, null);
        }

        var engine = new RedisLogicalRestoreEngine(redis, endpoint, log) { Replace = request.Replace, Pattern = request.Pattern, TrustedSigners = request.TrustedSigners };
        return await engine.RestoreAsync(backup, store, progress, cancellationToken).ConfigureAwait(false);
    }
}
