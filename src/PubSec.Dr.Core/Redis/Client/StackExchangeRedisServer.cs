using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace PubSec.Dr.Redis.Client;

/// <summary>
/// <see cref="IRedisServer"/> over a StackExchange.Redis connection to one server, database 0. Its commands take no
/// token, so each wait is what Ctrl+C abandons; its failures become the module's errors naming the endpoint.
/// </summary>
internal sealed class StackExchangeRedisServer : IRedisServer
{
    private readonly ConnectionMultiplexer _connection;
    private readonly IServer _server;
    private readonly IDatabase _database;

    public StackExchangeRedisServer(RedisEndpoint endpoint, ConnectionMultiplexer connection)
    {
        Endpoint = endpoint;
        _connection = connection;
        _server = connection.GetServer(connection.GetEndPoints()[0]);
        _database = connection.GetDatabase(0);
    }

    public RedisEndpoint Endpoint { get; }

    public Task<RedisServerInfo> InfoAsync(CancellationToken cancellationToken) =>
        RunAsync(async () => RedisServerInfo.Parse((string?)await _server.ExecuteAsync("INFO").ConfigureAwait(false) ?? string.Empty),
            "Reading INFO from", cancellationToken);

    public Task<long> CountKeysAsync(CancellationToken cancellationToken) =>
        RunAsync(async () => (long)await _database.ExecuteAsync("DBSIZE").ConfigureAwait(false), "Counting keys on", cancellationToken);

    public Task<RedisScanPage> ScanAsync(long cursor, string? pattern, int count, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var args = new List<object> { cursor };
            if (pattern is not null)
            {
                args.Add("MATCH");
                args.Add(pattern);
            }

            args.Add("COUNT");
            args.Add(count);
            var reply = (RedisResult[]?)await _database.ExecuteAsync("SCAN", args).ConfigureAwait(false) ?? [];
            var keys = (RedisKey[]?)reply[1] ?? [];
            return new RedisScanPage((long)reply[0], keys.Select(k => (byte[])k!).ToArray());
        }, "Scanning keys on", cancellationToken);

    public Task<RedisKeyDump[]> DumpAsync(IReadOnlyList<byte[]> keys, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var dumps = new Task<byte[]?>[keys.Count];
            var ttls = new Task<RedisResult>[keys.Count];
            var batch = _database.CreateBatch();
            for (var i = 0; i < keys.Count; i++)
            {
                dumps[i] = batch.KeyDumpAsync(keys[i]);
                ttls[i] = batch.ExecuteAsync("PTTL", (RedisKey)keys[i]);
            }

            batch.Execute();
            await Task.WhenAll(Task.WhenAll(dumps), Task.WhenAll(ttls)).ConfigureAwait(false);
            return dumps.Select((d, i) => new RedisKeyDump(d.Result, (long)ttls[i].Result)).ToArray();
        }, "DUMP of keys on", cancellationToken);

    public Task<RedisKeyState[]> ReadStatesAsync(IReadOnlyList<byte[]> keys, bool withDump, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var types = new Task<RedisType>[keys.Count];
            var ttls = new Task<RedisResult>[keys.Count];
            var dumps = new Task<byte[]?>[withDump ? keys.Count : 0];
            for (var i = 0; i < keys.Count; i++)
            {
                types[i] = _database.KeyTypeAsync(keys[i]);
                ttls[i] = _database.ExecuteAsync("PTTL", (RedisKey)keys[i]);
                if (withDump)
                {
                    dumps[i] = _database.KeyDumpAsync(keys[i]);
                }
            }

            await Task.WhenAll(types.Cast<Task>().Concat(ttls).Concat(dumps)).ConfigureAwait(false);
            return types.Select((t, i) => new RedisKeyState(KeyType(t.Result), (long)ttls[i].Result, withDump ? dumps[i].Result : null)).ToArray();
        }, "Reading keys from", cancellationToken);

    public Task<bool[]> ExistAsync(IReadOnlyList<byte[]> keys, CancellationToken cancellationToken) =>
        RunAsync(() => Task.WhenAll(keys.Select(k => _database.KeyExistsAsync(k))), "Checking keys on", cancellationToken);

    public async Task<string?[]> RestoreAsync(IReadOnlyList<RedisKeyPayload> records, bool replace, CancellationToken cancellationToken)
    {
        var batch = _database.CreateBatch();
        var replies = new Task<RedisResult>[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            // RESTORE takes 0 for "no expiry"; a key about to expire keeps at least 1 ms rather than becoming permanent.
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
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw RedisConnections.Map(ex, Endpoint, "Restoring keys into");
        }

        var errors = new string?[replies.Length];
        for (var i = 0; i < replies.Length; i++)
        {
            if (replies[i].IsCompletedSuccessfully)
            {
                continue;
            }

            var error = replies[i].Exception?.InnerException ?? new RedisException("RESTORE did not complete.");
            errors[i] = error is RedisServerException ? error.Message
                : throw RedisConnections.Map(error, Endpoint, $"RESTORE of '{Logical.RedisKeyText.Display(records[i].Key)}' into");
        }

        return errors;
    }

    public Task DeleteAsync(byte[] key, CancellationToken cancellationToken) =>
        RunAsync(() => _database.KeyDeleteAsync(key), "Deleting a key on", cancellationToken);

    public Task PersistAsync(byte[] key, CancellationToken cancellationToken) =>
        RunAsync(() => _database.KeyPersistAsync(key), "Removing a TTL on", cancellationToken);

    public Task ExpireAsync(byte[] key, long milliseconds, CancellationToken cancellationToken) =>
        RunAsync(() => _database.ExecuteAsync("PEXPIRE", (RedisKey)key, milliseconds), "Setting a TTL on", cancellationToken);

    public Task<string?> GetConfigAsync(string parameter, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            // CONFIG GET answers [name, value] pairs; an unknown parameter is an empty list.
            var reply = (RedisResult[]?)await _server.ExecuteAsync("CONFIG", "GET", parameter).ConfigureAwait(false) ?? [];
            return reply.Length >= 2 ? (string?)reply[1] : null;
        }, "Reading the configuration of", cancellationToken);

    public Task SetConfigAsync(string parameter, string value, CancellationToken cancellationToken) =>
        RunAsync(() => _server.ExecuteAsync("CONFIG", "SET", parameter, value), "Changing the configuration of", cancellationToken);

    public Task PromoteAsync(CancellationToken cancellationToken) =>
        RunAsync(() => _server.ExecuteAsync("REPLICAOF", "NO", "ONE"), "Promoting", cancellationToken);

    public Task ReplicateFromAsync(string host, int port, CancellationToken cancellationToken) =>
        RunAsync(() => _server.ExecuteAsync("REPLICAOF", host, port.ToString(System.Globalization.CultureInfo.InvariantCulture)), "Making a replica of", cancellationToken);

    public Task FlushAllAsync(CancellationToken cancellationToken) =>
        RunAsync(() => _server.ExecuteAsync("FLUSHALL"), "Emptying", cancellationToken);

    public Task<long> LengthAsync(byte[] key, RedisKeyType type, CancellationToken cancellationToken) => RunAsync(() => type switch
    {
        RedisKeyType.String => _database.StringLengthAsync(key),
        RedisKeyType.List => _database.ListLengthAsync(key),
        RedisKeyType.Hash => _database.HashLengthAsync(key),
        RedisKeyType.Set => _database.SetLengthAsync(key),
        RedisKeyType.SortedSet => _database.SortedSetLengthAsync(key),
        RedisKeyType.Stream => _database.StreamLengthAsync(key),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Only the built-in types have a length."),
    }, "Reading a value from", cancellationToken);

    public Task<byte[]> StringRangeAsync(byte[] key, long start, long end, CancellationToken cancellationToken) =>
        RunAsync(async () => (byte[]?)await _database.StringGetRangeAsync(key, start, end).ConfigureAwait(false) ?? [], "Reading a value from", cancellationToken);

    public Task<byte[][]> ListRangeAsync(byte[] key, long start, long stop, CancellationToken cancellationToken) =>
        RunAsync(async () => Bytes(await _database.ListRangeAsync(key, start, stop).ConfigureAwait(false)), "Reading a value from", cancellationToken);

    public Task<(byte[] Member, double Score)[]> SortedSetRangeAsync(byte[] key, long start, long stop, CancellationToken cancellationToken) =>
        RunAsync(async () => (await _database.SortedSetRangeByRankWithScoresAsync(key, start, stop).ConfigureAwait(false))
            .Select(e => ((byte[])e.Element!, e.Score)).ToArray(), "Reading a value from", cancellationToken);

    public Task<RedisStreamEntry[]> StreamRangeAsync(byte[] key, string? from, int count, CancellationToken cancellationToken) =>
        RunAsync(async () => (await _database.StreamRangeAsync(key, from is null ? (RedisValue?)null : from, null, count).ConfigureAwait(false))
            .Select(e => new RedisStreamEntry((string?)e.Id ?? string.Empty, e.Values.Select(v => ((byte[])v.Name!, (byte[])v.Value!)).ToArray())).ToArray(),
            "Reading a value from", cancellationToken);

    public async IAsyncEnumerable<(byte[] Field, byte[] Value)> HashScanAsync(byte[] key, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in Scan(_database.HashScanAsync(key, pageSize: pageSize), "Reading a value from", cancellationToken).ConfigureAwait(false))
        {
            yield return ((byte[])entry.Name!, (byte[])entry.Value!);
        }
    }

    public Task<byte[]?[]> HashGetAsync(byte[] key, byte[][] fields, CancellationToken cancellationToken) =>
        RunAsync(async () => (await _database.HashGetAsync(key, fields.Select(f => (RedisValue)f).ToArray()).ConfigureAwait(false))
            .Select(v => v.IsNull ? null : (byte[]?)v).ToArray(), "Reading a value from", cancellationToken);

    public async IAsyncEnumerable<byte[]> SetScanAsync(byte[] key, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var member in Scan(_database.SetScanAsync(key, pageSize: pageSize), "Reading a value from", cancellationToken).ConfigureAwait(false))
        {
            yield return (byte[])member!;
        }
    }

    public Task<bool[]> SetContainsAsync(byte[] key, byte[][] members, CancellationToken cancellationToken) =>
        RunAsync(() => _database.SetContainsAsync(key, members.Select(m => (RedisValue)m).ToArray()), "Reading a value from", cancellationToken);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync().ConfigureAwait(false);

    private static byte[][] Bytes(RedisValue[] values) => values.Select(v => (byte[]?)v ?? []).ToArray();

    private static RedisKeyType KeyType(RedisType type) => type switch
    {
        RedisType.None => RedisKeyType.None,
        RedisType.String => RedisKeyType.String,
        RedisType.List => RedisKeyType.List,
        RedisType.Set => RedisKeyType.Set,
        RedisType.SortedSet => RedisKeyType.SortedSet,
        RedisType.Hash => RedisKeyType.Hash,
        RedisType.Stream => RedisKeyType.Stream,
        _ => RedisKeyType.Unknown,
    };

    private async Task<T> RunAsync<T>(Func<Task<T>> call, string doing, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await call().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        // RedisCommandException: the client refused the command itself (a write to a server it saw as a replica).
        catch (Exception ex) when (ex is RedisException or RedisCommandException or TimeoutException)
        {
            throw RedisConnections.Map(ex, Endpoint, doing);
        }
    }

    private async IAsyncEnumerable<T> Scan<T>(IAsyncEnumerable<T> source, string doing, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var items = source.WithCancellation(cancellationToken).ConfigureAwait(false).GetAsyncEnumerator();
        try
        {
            while (true)
            {
                T item;
                try
                {
                    if (!await items.MoveNextAsync())
                    {
                        yield break;
                    }

                    item = items.Current;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    throw RedisConnections.Map(ex, Endpoint, doing);
                }

                yield return item;
            }
        }
        finally
        {
            await items.DisposeAsync();
        }
    }
}
