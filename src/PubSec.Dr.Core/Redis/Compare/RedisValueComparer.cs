using System.Globalization;

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
    public static Task<string?> DescribeAsync(IRedisValueReader reference, IRedisValueReader difference, byte[] key, RedisKeyType type,
        byte[]? referenceDump, byte[]? differenceDump, CancellationToken cancellationToken)
    {
        var sides = new Sides(reference, difference, key, cancellationToken);
        return type switch
        {
            RedisKeyType.String => StringAsync(sides),
            RedisKeyType.Hash => HashAsync(sides),
            RedisKeyType.Set => SetAsync(sides),
            RedisKeyType.List => ListAsync(sides),
            RedisKeyType.SortedSet => SortedSetAsync(sides),
            RedisKeyType.Stream => StreamAsync(sides),
            _ => Task.FromResult<string?>(
                $"{type} value with different DUMP payloads ({referenceDump?.Length ?? 0} vs {differenceDump?.Length ?? 0} bytes); "
                + "module types cannot be read field by field"),
        };
    }

    private static async Task<string?> StringAsync(Sides s)
    {
        var (a, b) = await s.LengthsAsync(RedisKeyType.String).ConfigureAwait(false);
        if (a != b)
        {
            return $"string length {a} vs {b} bytes";
        }

        for (long start = 0; start < a; start += StringChunk)
        {
            var end = Math.Min(a, start + StringChunk) - 1;
            var (left, right) = await s.BothAsync(r => r.StringRangeAsync(s.Key, start, end, s.Token)).ConfigureAwait(false);
            var at = left.AsSpan().CommonPrefixLength(right);
            if (at < left.Length || left.Length != right.Length)
            {
                return $"string of {a} bytes, first difference at byte {start + at}";
            }
        }

        return null;
    }

    private static async Task<string?> HashAsync(Sides s)
    {
        var (a, b) = await s.LengthsAsync(RedisKeyType.Hash).ConfigureAwait(false);
        if (a != b)
        {
            return $"hash of {a} vs {b} fields";
        }

        var chunk = new List<(byte[] Field, byte[] Value)>(Chunk);
        await foreach (var entry in s.Reference.HashScanAsync(s.Key, Chunk, s.Token).ConfigureAwait(false))
        {
            chunk.Add(entry);
            if (chunk.Count == Chunk)
            {
                if (await HashChunkAsync(s, chunk).ConfigureAwait(false) is { } found)
                {
                    return found;
                }

                chunk.Clear();
            }
        }

        return chunk.Count > 0 ? await HashChunkAsync(s, chunk).ConfigureAwait(false) : null;
    }

    private static async Task<string?> HashChunkAsync(Sides s, List<(byte[] Field, byte[] Value)> chunk)
    {
        var values = await s.Difference.HashGetAsync(s.Key, chunk.Select(e => e.Field).ToArray(), s.Token).ConfigureAwait(false);
        for (var i = 0; i < chunk.Count; i++)
        {
            if (values[i] is not { } value)
            {
                return $"field {RedisKeyText.Short(chunk[i].Field)} missing on the difference side";
            }

            if (!value.AsSpan().SequenceEqual(chunk[i].Value))
            {
                return $"field {RedisKeyText.Short(chunk[i].Field)} differs ({chunk[i].Value.Length} vs {value.Length} bytes)";
            }
        }

        return null;
    }

    private static async Task<string?> SetAsync(Sides s)
    {
        var (a, b) = await s.LengthsAsync(RedisKeyType.Set).ConfigureAwait(false);
        if (a != b)
        {
            return $"set of {a} vs {b} members";
        }

        var chunk = new List<byte[]>(Chunk);
        await foreach (var member in s.Reference.SetScanAsync(s.Key, Chunk, s.Token).ConfigureAwait(false))
        {
            chunk.Add(member);
            if (chunk.Count == Chunk)
            {
                if (await SetChunkAsync(s, chunk).ConfigureAwait(false) is { } found)
                {
                    return found;
                }

                chunk.Clear();
            }
        }

        return chunk.Count > 0 ? await SetChunkAsync(s, chunk).ConfigureAwait(false) : null;
    }

    private static async Task<string?> SetChunkAsync(Sides s, List<byte[]> chunk)
    {
        var present = await s.Difference.SetContainsAsync(s.Key, chunk.ToArray(), s.Token).ConfigureAwait(false);
        var missing = Array.IndexOf(present, false);
        return missing < 0 ? null : $"member {RedisKeyText.Short(chunk[missing])} missing on the difference side";
    }

    private static async Task<string?> ListAsync(Sides s)
    {
        var (a, b) = await s.LengthsAsync(RedisKeyType.List).ConfigureAwait(false);
        if (a != b)
        {
            return $"list of {a} vs {b} elements";
        }

        for (long start = 0; start < a; start += Chunk)
        {
            var stop = start + Chunk - 1;
            var (x, y) = await s.BothAsync(r => r.ListRangeAsync(s.Key, start, stop, s.Token)).ConfigureAwait(false);
            for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
            {
                if (i >= x.Length || i >= y.Length || !x[i].AsSpan().SequenceEqual(y[i]))
                {
                    return $"list of {a} elements, element {start + i} differs";
                }
            }
        }

        return null;
    }

    private static async Task<string?> SortedSetAsync(Sides s)
    {
        var (a, b) = await s.LengthsAsync(RedisKeyType.SortedSet).ConfigureAwait(false);
        if (a != b)
        {
            return $"zset of {a} vs {b} members";
        }

        // Rank order (score, then member bytes) is the same on both sides for equal sets, whatever the encoding.
        for (long start = 0; start < a; start += Chunk)
        {
            var stop = start + Chunk - 1;
            var (x, y) = await s.BothAsync(r => r.SortedSetRangeAsync(s.Key, start, stop, s.Token)).ConfigureAwait(false);
            for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
            {
                var sameMember = i < x.Length && i < y.Length && x[i].Member.AsSpan().SequenceEqual(y[i].Member);
                if (!sameMember || !x[i].Score.Equals(y[i].Score))
                {
                    return sameMember
                        ? $"zset member {RedisKeyText.Short(x[i].Member)} has score {Score(x[i].Score)} vs {Score(y[i].Score)}"
                        : $"zset of {a} members, rank {start + i} differs";
                }
            }
        }

        return null;
    }

    private static async Task<string?> StreamAsync(Sides s)
    {
        var (a, b) = await s.LengthsAsync(RedisKeyType.Stream).ConfigureAwait(false);
        if (a != b)
        {
            return $"stream of {a} vs {b} entries";
        }

        string? from = null;
        while (true)
        {
            var (x, y) = await s.BothAsync(r => r.StreamRangeAsync(s.Key, from, Chunk, s.Token)).ConfigureAwait(false);
            for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
            {
                if (i >= x.Length || i >= y.Length || x[i].Id != y[i].Id)
                {
                    return $"stream entry ids differ after {from ?? "the start"}";
                }

                if (!SameFields(x[i], y[i]))
                {
                    return $"stream entry {x[i].Id} differs";
                }
            }

            if (x.Length < Chunk)
            {
                return null;
            }

            from = "(" + x[^1].Id;
        }
    }

    private static bool SameFields(RedisStreamEntry x, RedisStreamEntry y) =>
        x.Fields.Length == y.Fields.Length
        && x.Fields.Zip(y.Fields).All(p => p.First.Name.AsSpan().SequenceEqual(p.Second.Name) && p.First.Value.AsSpan().SequenceEqual(p.Second.Value));

    private static string Score(double score) => score.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The key on both sides: each read is issued on both at once.</summary>
    private sealed record Sides(IRedisValueReader Reference, IRedisValueReader Difference, byte[] Key, CancellationToken Token)
    {
        public Task<(long, long)> LengthsAsync(RedisKeyType type) => BothAsync(r => r.LengthAsync(Key, type, Token));

        public async Task<(T, T)> BothAsync<T>(Func<IRedisValueReader, Task<T>> read)
        {
            var (reference, difference) = (read(Reference), read(Difference));
            await Task.WhenAll(reference, difference).ConfigureAwait(false);
            return (reference.Result, difference.Result);
        }
    }
}
