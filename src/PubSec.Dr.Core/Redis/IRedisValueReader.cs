namespace PubSec.Dr.Redis;

/// <summary>
/// Reads one value in chunks, so a comparison can walk a huge key without holding it: lengths, ranges of the ordered
/// types (string bytes, list, zset, stream) and scans and look-ups of the unordered ones (hash, set).
/// </summary>
public interface IRedisValueReader
{
    /// <summary>STRLEN, LLEN, HLEN, SCARD, ZCARD or XLEN, by <paramref name="type"/>.</summary>
    Task<long> LengthAsync(byte[] key, RedisKeyType type, CancellationToken cancellationToken);

    /// <summary>GETRANGE (inclusive end).</summary>
    Task<byte[]> StringRangeAsync(byte[] key, long start, long end, CancellationToken cancellationToken);

    /// <summary>LRANGE (inclusive stop).</summary>
    Task<byte[][]> ListRangeAsync(byte[] key, long start, long stop, CancellationToken cancellationToken);

    /// <summary>ZRANGE ... WITHSCORES by rank (inclusive stop).</summary>
    Task<(byte[] Member, double Score)[]> SortedSetRangeAsync(byte[] key, long start, long stop, CancellationToken cancellationToken);

    /// <summary>XRANGE from <paramref name="from"/> ("(id" is exclusive; null: the start), at most <paramref name="count"/> entries.</summary>
    Task<RedisStreamEntry[]> StreamRangeAsync(byte[] key, string? from, int count, CancellationToken cancellationToken);

    /// <summary>HSCAN of every field.</summary>
    IAsyncEnumerable<(byte[] Field, byte[] Value)> HashScanAsync(byte[] key, int pageSize, CancellationToken cancellationToken);

    /// <summary>HMGET: each field's value, null when absent.</summary>
    Task<byte[]?[]> HashGetAsync(byte[] key, byte[][] fields, CancellationToken cancellationToken);

    /// <summary>SSCAN of every member.</summary>
    IAsyncEnumerable<byte[]> SetScanAsync(byte[] key, int pageSize, CancellationToken cancellationToken);

    /// <summary>SMISMEMBER.</summary>
    Task<bool[]> SetContainsAsync(byte[] key, byte[][] members, CancellationToken cancellationToken);
}
