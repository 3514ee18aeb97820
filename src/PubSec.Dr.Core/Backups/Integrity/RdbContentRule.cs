using PubSec.Dr.Errors;
using PubSec.Dr.Redis.Rdb;

namespace PubSec.Dr.Backups.Integrity;

/// <summary>
/// Full integrity of an RDB part: the same header, EOF and CRC-64 check the backup made while storing it, and in
/// the same pass the keys counted record by record against the manifest's KeyCount. When a record cannot be read
/// (a format newer than this module) the count is not proven, and the check says so instead of claiming it.
/// </summary>
internal static class RdbContentRule
{
    public const string CheckName = "RedisRdb";

    public static Task<IntegrityCheck> CheckAsync(Stream content, BackupPart part, CancellationToken cancellationToken) =>
        CheckAsync(content, part, backup: null, cancellationToken);

    public static async Task<IntegrityCheck> CheckAsync(Stream content, BackupPart part, RedisBackup? backup, CancellationToken cancellationToken)
    {
        try
        {
            var rdb = await RdbVerifier.VerifyAsync(content, part.Key, cancellationToken).ConfigureAwait(false);
            if (rdb.Problem is not null)
            {
                return IntegrityChecker.Fail(CheckName, part.Key, ErrorIds.RedisRdbChecksumMismatch, rdb.Problem);
            }

            var intact = $"RDB version {rdb.Version}, {rdb.Bytes} bytes, CRC-64 {rdb.Checksum:x16} matches";
            if (rdb.Keyspace is not { } keyspace)
            {
                return IntegrityChecker.Pass(CheckName, part.Key, $"{intact}. Its keys were not counted: {rdb.KeyspaceUnread}; the manifest's KeyCount ({backup?.KeyCount}) is not proven.");
            }

            return backup?.KeyCount is { } recorded && recorded != keyspace.Keys
                ? IntegrityChecker.Fail(CheckName, part.Key, ErrorIds.RedisRdbKeyCountMismatch,
                    $"The RDB holds {keyspace.Keys} key(s) ({keyspace.Describe()}); the manifest recorded {recorded}. {intact}, so the file is as the server wrote it "
                    + "and the manifest's count is not: it was edited, or the backup was taken by an earlier build of the module, which recorded the server's INFO count a moment before the transfer, while keys were being written.")
                : IntegrityChecker.Pass(CheckName, part.Key, $"{intact}; {keyspace.Keys} key(s) ({keyspace.Describe()}){(backup?.KeyCount is null ? string.Empty : ", as the manifest records")}.");
        }
        catch (DrException ex) when (ex.ErrorId is ErrorIds.RedisRdbMalformed or ErrorIds.RedisRdbChecksumMismatch)
        {
            return IntegrityChecker.Fail(CheckName, part.Key, ex.ErrorId, ex.Message);
        }
    }
}
