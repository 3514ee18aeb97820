using System.Text;
using PubSec.Dr.Redis;

namespace PubSec.Dr.Tests.Redis.Fakes;

/// <summary>
/// Database 0 of a Redis server in memory, for the engines' decisions that need no real server: string keys with
/// a PTTL, DUMP payloads made of the value and a 10-byte footer (RDB version 11), RESTORE, DEL, PERSIST, PEXPIRE.
/// Every write is recorded, so a test can prove which keys an engine changed.
/// </summary>
internal sealed class FakeRedisServer(RedisEndpoint endpoint, string version = "7.2.4") : IRedisServer
{
    private readonly SortedDictionary<string, (byte[] Value, long Pttl)> _keys = new(StringComparer.Ordinal);

    public RedisEndpoint Endpoint => endpoint;

    public List<string> Writes { get; } = [];

    public bool Disposed { get; private set; }

    public void Set(string key, string value, long pttl = -1) => _keys[key] = (Encoding.UTF8.GetBytes(value), pttl);

    public string? Get(string key) => _keys.TryGetValue(key, out var entry) ? Encoding.UTF8.GetString(entry.Value) : null;

    public long Pttl(string key) => _keys.TryGetValue(key, out var entry) ? entry.Pttl : -2;

    public Task<RedisServerInfo> InfoAsync(CancellationToken cancellationToken) =>
        Task.FromResult(RedisServerInfo.Parse($"# Server\r\nredis_version:{version}\r\n# Replication\r\nrole:{Role}\r\nmaster_repl_offset:0\r\n# Keyspace\r\ndb0:keys={_keys.Count},expires=0\r\n"));

    public Task<long> CountKeysAsync(CancellationToken cancellationToken) => Task.FromResult((long)_keys.Count);

    /// <summary>One page holding every key; the cursor is always 0 (complete).</summary>
    public Task<RedisScanPage> ScanAsync(long cursor, string? pattern, int count, CancellationToken cancellationToken) =>
        Task.FromResult(new RedisScanPage(0, _keys.Keys.Where(k => pattern is null || k.StartsWith(pattern.TrimEnd('*'), StringComparison.Ordinal))
            .Select(Encoding.UTF8.GetBytes).ToArray()));

    public Task<RedisKeyDump[]> DumpAsync(IReadOnlyList<byte[]> keys, CancellationToken cancellationToken) =>
        Task.FromResult(keys.Select(k => _keys.TryGetValue(Text(k), out var e) ? new RedisKeyDump(Payload(e.Value), e.Pttl) : new RedisKeyDump(null, -2)).ToArray());

    public Task<RedisKeyState[]> ReadStatesAsync(IReadOnlyList<byte[]> keys, bool withDump, CancellationToken cancellationToken) =>
        Task.FromResult(keys.Select(k => _keys.TryGetValue(Text(k), out var e)
            ? new RedisKeyState(RedisKeyType.String, e.Pttl, withDump ? Payload(e.Value) : null)
            : new RedisKeyState(RedisKeyType.None, -2, null)).ToArray());

    public Task<bool[]> ExistAsync(IReadOnlyList<byte[]> keys, CancellationToken cancellationToken) =>
        Task.FromResult(keys.Select(k => _keys.ContainsKey(Text(k))).ToArray());

    public Task<string?[]> RestoreAsync(IReadOnlyList<RedisKeyPayload> records, bool replace, CancellationToken cancellationToken)
    {
        var errors = new string?[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var key = Text(records[i].Key);
            if (!replace && _keys.ContainsKey(key))
            {
                errors[i] = "BUSYKEY Target key name already exists.";
                continue;
            }

            _keys[key] = (records[i].Payload[..^DumpPayload.FooterLength], records[i].PttlMilliseconds <= 0 ? -1 : records[i].PttlMilliseconds);
            Writes.Add($"RESTORE {key}");
        }

        return Task.FromResult(errors);
    }

    public Task DeleteAsync(byte[] key, CancellationToken cancellationToken)
    {
        _keys.Remove(Text(key));
        Writes.Add($"DEL {Text(key)}");
        return Task.CompletedTask;
    }

    public Task PersistAsync(byte[] key, CancellationToken cancellationToken)
    {
        _keys[Text(key)] = (_keys[Text(key)].Value, -1);
        Writes.Add($"PERSIST {Text(key)}");
        return Task.CompletedTask;
    }

    public Task ExpireAsync(byte[] key, long milliseconds, CancellationToken cancellationToken)
    {
        _keys[Text(key)] = (_keys[Text(key)].Value, milliseconds);
        Writes.Add($"PEXPIRE {Text(key)}");
        return Task.CompletedTask;
    }

    public Dictionary<string, string> Config { get; } = new(StringComparer.Ordinal) { ["min-replicas-to-write"] = "0" };

    public string Role { get; set; } = "master";

    public Task<string?> GetConfigAsync(string parameter, CancellationToken cancellationToken) =>
        Task.FromResult(Config.TryGetValue(parameter, out var value) ? value : null);

    public Task SetConfigAsync(string parameter, string value, CancellationToken cancellationToken)
    {
        Writes.Add($"CONFIG SET {parameter} {value}");
        Config[parameter] = value;
        return Task.CompletedTask;
    }

    public Task PromoteAsync(CancellationToken cancellationToken)
    {
        Writes.Add("REPLICAOF NO ONE");
        Role = "master";
        return Task.CompletedTask;
    }

    public Task ReplicateFromAsync(string host, int port, CancellationToken cancellationToken)
    {
        Writes.Add($"REPLICAOF {host} {port}");
        Role = "slave";
        return Task.CompletedTask;
    }

    public Task FlushAllAsync(CancellationToken cancellationToken)
    {
        Writes.Add("FLUSHALL");
        _keys.Clear();
        return Task.CompletedTask;
    }

    public Task<long> LengthAsync(byte[] key, RedisKeyType type, CancellationToken cancellationToken) =>
        Task.FromResult(type == RedisKeyType.String ? (long)_keys[Text(key)].Value.Length : throw new NotSupportedException("The fake holds strings only."));

    public Task<byte[]> StringRangeAsync(byte[] key, long start, long end, CancellationToken cancellationToken) =>
        Task.FromResult(_keys[Text(key)].Value[(int)start..(int)(end + 1)]);

    public Task<byte[][]> ListRangeAsync(byte[] key, long start, long stop, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<(byte[] Member, double Score)[]> SortedSetRangeAsync(byte[] key, long start, long stop, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<RedisStreamEntry[]> StreamRangeAsync(byte[] key, string? from, int count, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<(byte[] Field, byte[] Value)> HashScanAsync(byte[] key, int pageSize, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<byte[]?[]> HashGetAsync(byte[] key, byte[][] fields, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<byte[]> SetScanAsync(byte[] key, int pageSize, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool[]> SetContainsAsync(byte[] key, byte[][] members, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    private static string Text(byte[] key) => Encoding.UTF8.GetString(key);

    /// <summary>The value, then RDB version 11 (little-endian) and 8 bytes standing in for the CRC64.</summary>
    private static byte[] Payload(byte[] value) => [.. value, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0];
}
