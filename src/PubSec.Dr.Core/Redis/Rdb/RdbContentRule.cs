using PubSec.Dr.Errors;
using PubSec.Dr.Integrity;

namespace PubSec.Dr.Redis.Rdb;

/// <summary>Full integrity of an RDB part: the same header, EOF and CRC-64 check the backup made while storing it.</summary>
internal static class RdbContentRule
{
    public const string CheckName = "RedisRdb";

    public static async Task<IntegrityCheck> CheckAsync(Stream content, BackupPart part, CancellationToken cancellationToken)
    {
        try
        {
            var rdb = await RdbVerifier.VerifyAsync(content, part.Key, cancellationToken).ConfigureAwait(false);
            return rdb.Problem is null
                ? IntegrityChecker.Pass(CheckName, part.Key, $"RDB version {rdb.Version}, {rdb.Bytes} bytes, CRC-64 {rdb.Checksum:x16} matches.")
                : IntegrityChecker.Fail(CheckName, part.Key, ErrorIds.RedisRdbChecksumMismatch, rdb.Problem);
        }
        catch (DrException ex) when (ex.ErrorId is ErrorIds.RedisRdbMalformed or ErrorIds.RedisRdbChecksumMismatch)
        {
            return IntegrityChecker.Fail(CheckName, part.Key, ex.ErrorId, ex.Message);
        }
    }
}
