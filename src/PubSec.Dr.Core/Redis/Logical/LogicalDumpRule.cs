using PubSec.Dr.Errors;

namespace PubSec.Dr.Redis.Logical;

/// <summary>
/// Full integrity of a logical dump: every record's checksum, the trailer's stream checksum and key count, and
/// that count against the manifest. One check, "RedisDump", passed or failed with the specific error id.
/// </summary>
internal static class LogicalDumpRule
{
    public const string CheckName = "RedisDump";

    public static async Task<IntegrityCheck> CheckAsync(Stream content, BackupPart part, RedisBackup backup, CancellationToken cancellationToken)
    {
        using var reader = new LogicalDumpReader(content, part.Key);
        try
        {
            var header = await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
            var keys = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            if (backup.KeyCount is { } recorded && recorded != keys)
            {
                return Fail(part, ErrorIds.RedisDumpKeyCountMismatch, $"The dump holds {keys} key(s); the manifest recorded {recorded}.");
            }

            return new IntegrityCheck
            {
                Name = CheckName,
                Target = part.Key,
                Passed = true,
                Detail = $"{keys} key record(s) and the trailer verified (format {header.FormatVersion}, RDB {header.RdbVersion}, Redis {header.RedisVersion}).",
            };
        }
        catch (DrException ex) when (ex.ErrorId is ErrorIds.RedisDumpMalformed or ErrorIds.RedisDumpRecordChecksumMismatch or ErrorIds.RedisDumpKeyCountMismatch)
        {
            return Fail(part, ex.ErrorId, ex.Message);
        }
    }

    private static IntegrityCheck Fail(BackupPart part, string errorId, string detail) =>
        new() { Name = CheckName, Target = part.Key, Passed = false, Detail = detail, ErrorId = errorId };
}
