using System.Text;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Compare;
using PubSec.Dr.Redis.Logical;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Drills.Scenarios;

/// <summary>
/// A logical Redis backup restored into the scratch Redis, compared with the backup itself (not with production,
/// which has moved on since): the number of keys, and a sample of keys spread evenly over the dump, each by type
/// (TYPE against the payload's RDB object type) and value (equal DUMP bodies; when they differ, as an unordered hash
/// or set may serialize in another order, the backup's payload is loaded under a drill-owned name on the same server
/// and both are read with Compare-RedisData's value comparer).
/// </summary>
internal static class RedisRestoreComparison
{
    private const int SampleSize = 20;
    private const int DifferencesShown = 5;
    private const int ExistsBatch = 1000;

    public static async Task CompareAsync(DrillContext context, RedisBackup backup, RedisEndpoint scratch, long restored, CancellationToken ct)
    {
        await using var server = await context.Backends.ConnectRedisAsync(scratch, ct).ConfigureAwait(false);
        var (sample, expired) = await SampleAsync(context.Store, backup, server, ct).ConfigureAwait(false);
        var count = await server.CountKeysAsync(ct).ConfigureAwait(false);

        // A key with a TTL comes back with what was left of it at backup time: those gone since are the only ones allowed to be missing.
        context.Check("RedisKeyCount", backup.KeyCount == restored && count == restored - expired,
            $"Redis {backup.Name}: {count} key(s) in the scratch Redis, {restored} restored, the manifest says {backup.KeyCount?.ToString() ?? "nothing"}"
            + (expired > 0 ? $" ({expired} with a TTL expired since)" : string.Empty),
            backup.Id);

        var differences = new List<string>();
        var gone = 0;
        var states = await server.ReadStatesAsync([.. sample.Select(r => r.Key)], true, ct).ConfigureAwait(false);
        for (var i = 0; i < sample.Count; i++)
        {
            var (record, state) = (sample[i], states[i]);
            var type = RdbObjectTypes.KeyType(record.Payload);
            if (!state.Exists)
            {
                if (record.PttlMilliseconds >= 0)
                {
                    gone++;
                }
                else
                {
                    differences.Add($"{record.DisplayKey}: missing");
                }
            }
            else if (state.Type != type)
            {
                differences.Add($"{record.DisplayKey}: a {RedisKeyState.TypeName(state.Type)}, the backup holds a {RedisKeyState.TypeName(type)}");
            }
            else if (!DumpPayload.SameValue(record.Payload, state.Dump)
                && await ValueDifferenceAsync(context, server, record, type, state.Dump, ct).ConfigureAwait(false) is { } found)
            {
                differences.Add($"{record.DisplayKey}: {found}");
            }
        }

        var compared = sample.Count - gone;
        context.Check("RedisSampledKeys", differences.Count == 0 && (compared > 0 || backup.KeyCount == 0),
            differences.Count == 0
                ? $"Redis {backup.Name}: {compared} sampled key(s) of {backup.KeyCount} equal in type and value to the backup" + (gone > 0 ? $" ({gone} expired since)" : string.Empty)
                : $"Redis {backup.Name}: {differences.Count} of {sample.Count} sampled key(s) differ from the backup: {string.Join("; ", differences.Take(DifferencesShown))}",
            backup.Id);
    }

    /// <summary>
    /// Every n-th record of the dump (at most <see cref="SampleSize"/>), and how many of its keys with a TTL are no
    /// longer on <paramref name="server"/> (looked up in pipelined batches as the dump streams past).
    /// </summary>
    private static async Task<(List<LogicalKeyRecord> Sample, long Expired)> SampleAsync(IBackupStore store, RedisBackup backup, IRedisServer server,
        CancellationToken ct)
    {
        var part = backup.Parts[0];
        var every = Math.Max(1, ((backup.KeyCount ?? 0) + SampleSize - 1) / SampleSize);
        var sample = new List<LogicalKeyRecord>(SampleSize);
        var expiring = new List<byte[]>(ExistsBatch);
        long expired = 0;
        var stream = await store.OpenReadAsync(part.Key, ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new LogicalDumpReader(stream, part.Key);
            await reader.ReadHeaderAsync(ct).ConfigureAwait(false);
            long index = 0;
            while (await reader.ReadNextAsync(ct).ConfigureAwait(false) is { } record)
            {
                if (index++ % every == 0 && sample.Count < SampleSize)
                {
                    sample.Add(record);
                }

                if (record.PttlMilliseconds >= 0)
                {
                    expiring.Add(record.Key);
                    if (expiring.Count == ExistsBatch)
                    {
                        expired += await MissingAsync(server, expiring, ct).ConfigureAwait(false);
                    }
                }
            }
        }

        return (sample, expired + await MissingAsync(server, expiring, ct).ConfigureAwait(false));
    }

    private static async Task<long> MissingAsync(IRedisServer server, List<byte[]> keys, CancellationToken ct)
    {
        if (keys.Count == 0)
        {
            return 0;
        }

        var exist = await server.ExistAsync(keys, ct).ConfigureAwait(false);
        keys.Clear();
        return exist.Count(e => !e);
    }

    /// <summary>The backup's value of one key loaded as pubsec-dr-drill-&lt;id&gt;-sample and compared with the restored key; null when equal.</summary>
    private static async Task<string?> ValueDifferenceAsync(DrillContext context, IRedisServer server, LogicalKeyRecord record, RedisKeyType type,
        byte[]? restoredDump, CancellationToken ct)
    {
        var alias = Encoding.UTF8.GetBytes(DrillNames.Scratch(context.Id, "sample"));
        var refused = await server.RestoreAsync([new RedisKeyPayload(alias, -1, record.Payload)], true, ct).ConfigureAwait(false);
        if (refused[0] is { } error)
        {
            return $"the backup's value does not load for a comparison ({error})";
        }

        try
        {
            return await RedisValueComparer.DescribeAsync(new AliasedKeyReader(server, record.Key, alias), server, record.Key, type, record.Payload,
                restoredDump, ct).ConfigureAwait(false);
        }
        finally
        {
            await server.DeleteAsync(alias, ct).ConfigureAwait(false);
        }
    }
}
