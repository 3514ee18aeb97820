using PubSec.Dr.Errors;

namespace PubSec.Dr.Redis.Restore;

/// <summary>The failures of a Redis restore that are not connection failures.</summary>
internal static class RedisRestoreErrors
{
    public static DrException NotUsable(RedisBackup backup, string why) => new(
        ErrorIds.RestoreBackupNotUsable, DrErrorCategory.InvalidArgument,
        $"The backup {backup.Id} cannot be restored: {why}.",
        "Pick a Succeeded backup with Get-DrBackup -Store <store> -Kind Redis and check it with Test-BackupIntegrity.", backup.Id);

    public static DrException VersionUnsupported(RedisBackup backup, string target, string why, long restored) => new(
        ErrorIds.RedisRestoreVersionUnsupported, DrErrorCategory.InvalidArgument,
        $"Redis {target} cannot load the backup {backup.Id} (DUMP payloads of RDB version {backup.RdbVersion}, from Redis {backup.RedisVersion}): {why}. "
        + (restored == 0 ? "Nothing was written." : $"{restored} key(s) were written before this was found."),
        $"Restore into Redis {backup.RedisVersion} or newer; a DUMP payload loads only into a server whose RDB version is the same or newer.", target);

    /// <summary>The RDB's own check failed although its SHA-256 matched the manifest: the manifest was made to match a damaged file.</summary>
    public static DrException RdbDamaged(RedisBackup backup, string target, DrException damage) => new(
        damage.ErrorId, DrErrorCategory.InvalidData,
        $"The RDB file of backup {backup.Id} was not installed and {target} is unchanged: {damage.Message}",
        "Do not use this backup (its manifest matches a damaged file, so check who could write the store); restore an older backup that passes Test-BackupIntegrity -Level Full.",
        backup.Id, damage);

    public static DrException PartChanged(RedisBackup backup, BackupPart part, string sha256, long bytes) => new(
        ErrorIds.BackupChecksumMismatch, DrErrorCategory.InvalidData,
        $"The part {part.Key} of backup {backup.Id} read as {bytes} bytes with SHA-256 {sha256}; the manifest recorded {part.Size} bytes and {part.Sha256}.",
        "Use another backup or a copy of this one; Test-BackupIntegrity -Level Full shows which are intact.", part.Key);
}
