using System.Globalization;
using StackExchange.Redis;

namespace PubSec.Dr.Redis.Compare;

/// <summary>
/// Compares one key's value on both sides with plain reads, for keys whose DUMP payloads differ: the same value
/// serializes differently under another encoding (listpack vs hashtable after a config change) or RDB version.
/// Lengths are compared first; then the value is walked in chunks so a huge key never sits whole in memory.
/// Hashes and sets have no stable order, so each reference chunk is looked up on the other side: with equal
/// lengths, "every reference entry is there and equal" means equal. Streams compare entries, not consumer groups.
/// </summary>
internal static class RedisValueComparer
{
    private const int Chunk = 512;
    private const int StringChunk = 64 * 1024;

    /// <summary>Null when the values are equal; otherwise a short description of the first difference found.</summary>
    public static Task<string?> DescribeAsync(IDatabase reference, IDatabase difference, RedisKey key, RedisType type, byte[]? referenceDump,
        byte[]? differenceDump) => type switch
        {
            RedisType.String => StringAsync(reference, difference, key),
            RedisType.Hash => HashAsync(reference, difference, key),
            RedisType.Set => SetAsync(reference, difference, key),
            RedisType.List => ListAsync(reference, difference, key),
            RedisType.SortedSet => SortedSetAsync(reference, difference, key),
            RedisType.Stream => StreamAsync(reference, difference, key),
            _ => Task.FromResult<string?>(
                $"{type} value with different DUMP payloads ({referenceDump?.Length ?? 0} vs {differenceDump?.Length ?? 0} bytes); "
                + "module types cannot be read field by field"),
        };

    private static async Task<string?> StringAsync(IDatabase reference, IDatabase difference, RedisKey key)
    {
        var (a, b) = await BothAsync(reference.StringLengthAsync(key), difference.StringLengthAsync(key)).ConfigureAwait(false);
        if (a != b)
        {
            return $"string length {a} vs {b} bytes";
        }

        for (long start = 0; start < a; start += StringChunk)
        {
            var end = Math.Min(a, start + StringChunk) - 1;
            var (x, y) = await BothAsync(reference.StringGetRangeAsync(key, start, end), difference.StringGetRangeAsync(key, start, end)).ConfigureAwait(false);
            var left = (byte[]?)x ?? [];
            var right = (byte[]?)y ?? [];
            var at = left.AsSpan().CommonPrefixLength(right);
            if (at < left.Length || left.Length != right.Length)
            {
                return $"string of {a} bytes, first difference at byte {start + at}";
            }
        }

        return null;
    }

    private static async Task<string?> HashAsync(IDatabase reference, IDatabase difference, RedisKey key)
    {
        var (a, b) = await BothAsync(reference.HashLengthAsync(key), difference.HashLengthAsync(key)).ConfigureAwait(false);
        if (a != b)
        {
            return $"hash of {a} vs {b} fields";
        }

        var chunk = new List<HashEntry>(Chunk);
        await foreach (var entry in reference.HashScanAsync(key, pageSize: Chunk).ConfigureAwait(false))
        {
            chunk.Add(entry);
            if (chunk.Count == Chunk)
            {
                if (await HashChunkAsync(difference, key, chunk).ConfigureAwait(false) is { } found)
                {
                    return found;
                }

                chunk.Clear();
            }
        }

        return chunk.Count > 0 ? await HashChunkAsync(difference, key, chunk).ConfigureAwait(false) : null;
    }

    private static async Task<string?> HashChunkAsync(IDatabase difference, RedisKey key, List<HashEntry> chunk)
    {
        var values = await difference.HashGetAsync(key, chunk.Select(e => e.Name).ToArray()).ConfigureAwait(false);
        for (var i = 0; i < chunk.Count; i++)
        {
            if (values[i].IsNull)
            {
                return $"field {RedisKeyText.Short(chunk[i].Name)} missing on the difference side";
            }

            if (values[i] != chunk[i].Value)
            {
                return $"field {RedisKeyText.Short(chunk[i].Name)} differs ({((byte[]?)chunk[i].Value)?.Length ?? 0} vs {((byte[]?)values[i])?.Length ?? 0} bytes)";
            }
        }

        return null;
    }

    private static async Task<string?> SetAsync(IDatabase reference, IDatabase difference, RedisKey key)
    {
        var (a, b) = await BothAsync(reference.SetLengthAsync(key), difference.SetLengthAsync(key)).ConfigureAwait(false);
        if (a != b)
        {
            return $"set of {a} vs {b} members";
        }

        var chunk = new List<RedisValue>(Chunk);
        await foreach (var member in reference.SetScanAsync(key, pageSize: Chunk).ConfigureAwait(false))
        {
            chunk.Add(member);
            if (chunk.Count == Chunk)
            {
                if (await SetChunkAsync(difference, key, chunk).ConfigureAwait(false) is { } found)
                {
                    return found;
                }

                chunk.Clear();
            }
        }

        return chunk.Count > 0 ? await SetChunkAsync(difference, key, chunk).ConfigureAwait(false) : null;
    }

    private static async Task<string?> SetChunkAsync(IDatabase difference, RedisKey key, List<RedisValue> chunk)
    {
        var present = await difference.SetContainsAsync(key, chunk.ToArray()).ConfigureAwait(false);
        var missing = Array.IndexOf(present, false);
        return missing < 0 ? null : $"member {RedisKeyText.Short(chunk[missing])} missing on the difference side";
    }

    private static async Task<string?> ListAsync(IDatabase reference, IDatabase difference, RedisKey key)
    {
        var (a, b) = await BothAsync(reference.ListLengthAsync(key), difference.ListLengthAsync(key)).ConfigureAwait(false);
        if (a != b)
        {
            return $"list of {a} vs {b} elements";
        }

        for (long start = 0; start < a; start += Chunk)
        {
            var stop = start + Chunk - 1;
            var (x, y) = await BothAsync(reference.ListRangeAsync(key, start, stop), difference.ListRangeAsync(key, start, stop)).ConfigureAwait(false);
            for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
            {
                if (i >= x.Length || i >= y.Length || x[i] != y[i])
                {
                    return $"list of {a} elements, element {start + i} differs";
                }
            }
        }

        return null;
    }

    private static async Task<string?> SortedSetAsync(IDatabase reference, IDatabase difference, RedisKey key)
    {
        var (a, b) = await BothAsync(reference.SortedSetLengthAsync(key), difference.SortedSetLengthAsync(key)).ConfigureAwait(false);
        if (a != b)
        {
            return $"zset of {a} vs {b} members";
        }

        // Rank order (score, then member bytes) is the same on both sides for equal sets, whatever the encoding.
        for (long start = 0; start < a; start += Chunk)
        {
            var stop = start + Chunk - 1;
            var (x, y) = await BothAsync(reference.SortedSetRangeByRankWithScoresAsync(key, start, stop),
                difference.SortedSetRangeByRankWithScoresAsync(key, start, stop)).ConfigureAwait(false);
            for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
            {
                if (i >= x.Length || i >= y.Length || x[i].Element != y[i].Element || !x[i].Score.Equals(y[i].Score))
                {
                    return i < x.Length && i < y.Length && x[i].Element == y[i].Element
                        ? $"zset member {RedisKeyText.Short(x[i].Element)} has score {Score(x[i].Score)} vs {Score(y[i].Score)}"
                        : $"zset of {a} members, rank {start + i} differs";
                }
            }
        }

        return null;
    }

    private static async Task<string?> StreamAsync(IDatabase reference, IDatabase difference, RedisKey key)
    {
        var (a, b) = await BothAsync(reference.StreamLengthAsync(key), difference.StreamLengthAsync(key)).ConfigureAwait(false);
        if (a != b)
        {
            return $"stream of {a} vs {b} entries";
        }

        RedisValue? from = null;
        while (true)
        {
            var (x, y) = await BothAsync(reference.StreamRangeAsync(key, from, null, Chunk), difference.StreamRangeAsync(key, from, null, Chunk)).ConfigureAwait(false);
            for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
            {
                if (i >= x.Length || i >= y.Length || x[i].Id != y[i].Id)
                {
                    return $"stream entry ids differ after {(from is null ? "the start" : (string?)from)}";
                }

                if (!x[i].Values.Select(v => (v.Name, v.Value)).SequenceEqual(y[i].Values.Select(v => (v.Name, v.Value))))
                {
                    return $"stream entry {x[i].Id} differs";
                }
            }

            if (x.Length < Chunk)
            {
                return null;
            }

            from = "(" + (string?)x[^1].Id;
        }
    }

    private static string Score(double score) => score.ToString("R", CultureInfo.InvariantCulture);

    private static async Task<(T, T)> BothAsync<T>(Task<T> reference, Task<T> difference)
    {
        await Task.WhenAll(reference, difference).ConfigureAwait(false);
        return (reference.Result, difference.Result);
    }
}
