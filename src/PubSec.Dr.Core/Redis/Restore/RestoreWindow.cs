using PubSec.Dr.Errors;
using PubSec.Dr.Redis.Logical;
using StackExchange.Redis;

namespace PubSec.Dr.Redis.Restore;

/// <summary>
/// One pipelined window of RESTOREs. A key that exists (BUSYKEY, only without REPLACE) is left untouched and
/// counted; the first few are named in the summary error. TTLs are the remaining PTTL recorded at backup time.
/// </summary>
internal sealed class RestoreWindow(IDatabase database, RedisEndpoint target, RedisBackup backup, bool replace)
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
        var batch = database.CreateBatch();
        var replies = new Task<RedisResult>[_records.Count];
        for (var i = 0; i < _records.Count; i++)
        {
            var record = _records[i];
            var ttl = record.PttlMilliseconds < 0 ? 0 : Math.Max(1, record.PttlMilliseconds);
            replies[i] = replace
                ? batch.ExecuteAsync("RESTORE", (RedisKey)record.Key, ttl, record.Payload, "REPLACE")
                : batch.ExecuteAsync("RESTORE", (RedisKey)record.Key, ttl, record.Payload);
        }

        batch.Execute();
        try
        {
            await Task.WhenAll(replies).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException)
        {
            // Each reply is looked at below; one refused key must not hide what the others did.
        }

        long restored = 0, skipped = 0;
        for (var i = 0; i < replies.Length; i++)
        {
            if (replies[i].IsCompletedSuccessfully)
            {
                restored++;
                continue;
            }

            var error = replies[i].Exception?.InnerException ?? new RedisException("RESTORE did not complete.");
            if (error.Message.Contains("BUSYKEY", StringComparison.Ordinal))
            {
                skipped++;
                if (_existing.Count < 5)
                {
                    _existing.Add(_records[i].DisplayKey);
                }

                continue;
            }

            if (error.Message.Contains("payload version or checksum", StringComparison.OrdinalIgnoreCase))
            {
                throw RedisRestoreErrors.VersionUnsupported(backup, target.Display, $"RESTORE answered '{error.Message}'", restoredBefore + restored);
            }

            throw RedisConnections.Map(error, target, $"RESTORE of '{_records[i].DisplayKey}' into");
        }

        Skipped += skipped;
        _records.Clear();
        PayloadBytes = 0;
        return (restored, skipped);
    }

    /// <summary>The summary error for keys left alone, or null when there were none.</summary>
    public DrException? ExistingKeysError(int shown) => Skipped == 0 ? null : new DrException(
        ErrorIds.RedisRestoreKeyExists, DrErrorCategory.ResourceExists,
        $"{Skipped} key(s) of backup {backup.Id} already exist on {target.Display} and were left untouched (e.g. {string.Join(", ", _existing.Take(shown).Select(k => $"'{k}'"))}); every other key was restored.",
        "Run Restore-RedisBackup again with -Replace to overwrite them, or FLUSHALL the target first when it should hold only the backup.", target.Display);
}
