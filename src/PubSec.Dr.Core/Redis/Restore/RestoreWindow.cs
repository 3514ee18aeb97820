using PubSec.Dr.Errors;
using PubSec.Dr.Redis.Client;
using PubSec.Dr.Redis.Logical;

namespace PubSec.Dr.Redis.Restore;

/// <summary>
/// One pipelined window of RESTOREs. A key that exists (BUSYKEY, only without REPLACE) is left untouched and
/// counted; the first few are named in the summary error. TTLs are the remaining PTTL recorded at backup time.
/// </summary>
internal sealed class RestoreWindow(IRedisServer server, RedisBackup backup, bool replace)
{
    private readonly List<LogicalKeyRecord> _records = [];
    private readonly List<string> _existing = [];

    public int Count => _records.Count;

    public long PayloadBytes { get; private set; }

    public long Skipped { get; private set; }

    public void Add(LogicalKeyRecord record)
    {
        _records.Add(record);
        PayloadBytes += record.Payload.Length;
    }

    public async Task<(long Restored, long Skipped)> SendAsync(long restoredBefore, CancellationToken cancellationToken)
    {
        var errors = await server.RestoreAsync(_records.Select(r => new RedisKeyPayload(r.Key, r.PttlMilliseconds, r.Payload)).ToArray(), replace,
            cancellationToken).ConfigureAwait(false);
        long restored = 0, skipped = 0;
        for (var i = 0; i < errors.Length; i++)
        {
            if (errors[i] is not { } error)
            {
                restored++;
                continue;
            }

            if (error.Contains("BUSYKEY", StringComparison.Ordinal))
            {
                skipped++;
                if (_existing.Count < 5)
                {
                    _existing.Add(_records[i].DisplayKey);
                }

                continue;
            }

            if (error.Contains("payload version or checksum", StringComparison.OrdinalIgnoreCase))
            {
                throw RedisRestoreErrors.VersionUnsupported(backup, server.Endpoint.Display, $"RESTORE answered '{error}'", restoredBefore + restored);
            }

            throw RedisConnections.MapReply(error, server.Endpoint, $"RESTORE of '{_records[i].DisplayKey}' into");
        }

        Skipped += skipped;
        _records.Clear();
        PayloadBytes = 0;
        return (restored, skipped);
    }

    /// <summary>The summary error for keys left alone, or null when there were none.</summary>
    public DrException? ExistingKeysError(int shown) => Skipped == 0 ? null : new DrException(
        ErrorIds.RedisRestoreKeyExists, DrErrorCategory.ResourceExists,
        $"{Skipped} key(s) of backup {backup.Id} already exist on {server.Endpoint.Display} and were left untouched (e.g. {string.Join(", ", _existing.Take(shown).Select(k => $"'{k}'"))}); every other key was restored.",
        "Run Restore-RedisBackup again with -Replace to overwrite them, or FLUSHALL the target first when it should hold only the backup.", server.Endpoint.Display);
}
