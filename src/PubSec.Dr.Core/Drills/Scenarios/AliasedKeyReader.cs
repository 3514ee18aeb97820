using PubSec.Dr.Redis;

namespace PubSec.Dr.Drills.Scenarios;

/// <summary>
/// Reads <paramref name="alias"/> wherever <paramref name="key"/> is asked for, so RedisValueComparer (which reads
/// one key name on two sides) can compare a restored key with the backup's value loaded under a drill-owned name
/// on the same scratch server.
/// </summary>
internal sealed class AliasedKeyReader(IRedisValueReader inner, byte[] key, byte[] alias) : IRedisValueReader
{
    public Task<long> LengthAsync(byte[] k, RedisKeyType type, CancellationToken ct) => inner.LengthAsync(Map(k), type, ct);

    public Task<byte[]> StringRangeAsync(byte[] k, long start, long end, CancellationToken ct) => inner.StringRangeAsync(Map(k), start, end, ct);

    public Task<byte[][]> ListRangeAsync(byte[] k, long start, long stop, CancellationToken ct) => inner.ListRangeAsync(Map(k), start, stop, ct);

    public Task<(byte[] Member, double Score)[]> SortedSetRangeAsync(byte[] k, long start, long stop, CancellationToken ct) =>
        inner.SortedSetRangeAsync(Map(k), start, stop, ct);

    public Task<RedisStreamEntry[]> StreamRangeAsync(byte[] k, string? from, int count, CancellationToken ct) => inner.StreamRangeAsync(Map(k), from, count, ct);

    public IAsyncEnumerable<(byte[] Field, byte[] Value)> HashScanAsync(byte[] k, int pageSize, CancellationToken ct) => inner.HashScanAsync(Map(k), pageSize, ct);

    public Task<byte[]?[]> HashGetAsync(byte[] k, byte[][] fields, CancellationToken ct) => inner.HashGetAsync(Map(k), fields, ct);

    public IAsyncEnumerable<byte[]> SetScanAsync(byte[] k, int pageSize, CancellationToken ct) => inner.SetScanAsync(Map(k), pageSize, ct);

    public Task<bool[]> SetContainsAsync(byte[] k, byte[][] members, CancellationToken ct) => inner.SetContainsAsync(Map(k), members, ct);

    private byte[] Map(byte[] k) => k.AsSpan().SequenceEqual(key) ? alias : k;
}
