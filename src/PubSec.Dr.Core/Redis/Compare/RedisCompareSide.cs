using StackExchange.Redis;

namespace PubSec.Dr.Redis.Compare;

/// <summary>One server of a comparison: where it is (for messages) and its database 0.</summary>
public sealed class RedisCompareSide
{
    public RedisCompareSide(RedisEndpoint endpoint, IDatabase database)
    {
        Endpoint = endpoint;
        Database = database;
    }

    public RedisEndpoint Endpoint { get; }

    public IDatabase Database { get; }

    /// <summary>Runs calls on this server; a Redis failure becomes the module's error naming this server.</summary>
    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> call, string doing, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // StackExchange.Redis commands take no token; the wait is what Ctrl+C abandons.
            return await call(Database).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw RedisConnections.Map(ex, Endpoint, doing);
        }
    }

    /// <summary>One SCAN step: the next cursor and the keys it returned.</summary>
    public Task<(long Cursor, RedisKey[] Keys)> ScanAsync(long cursor, string? pattern, int count, CancellationToken cancellationToken) =>
        RunAsync(async db =>
        {
            var args = new List<object> { cursor };
            if (pattern is not null)
            {
                args.Add("MATCH");
                args.Add(pattern);
            }

            args.Add("COUNT");
            args.Add(count);
            var reply = (RedisResult[]?)await db.ExecuteAsync("SCAN", args).ConfigureAwait(false) ?? [];
            return ((long)reply[0], (RedisKey[]?)reply[1] ?? []);
        }, "Scanning keys on", cancellationToken);

    /// <summary>TYPE, PTTL and (optionally) DUMP of every key, pipelined in one round trip.</summary>
    public Task<RedisKeyState[]> ReadStatesAsync(RedisKey[] keys, bool withDump, CancellationToken cancellationToken) =>
        RunAsync(async db =>
        {
            var types = new Task<RedisType>[keys.Length];
            var ttls = new Task<RedisResult>[keys.Length];
            var dumps = new Task<byte[]?>[withDump ? keys.Length : 0];
            for (var i = 0; i < keys.Length; i++)
            {
                types[i] = db.KeyTypeAsync(keys[i]);
                ttls[i] = db.ExecuteAsync("PTTL", keys[i]);
                if (withDump)
                {
                    dumps[i] = db.KeyDumpAsync(keys[i]);
                }
            }

            await Task.WhenAll(types.Cast<Task>().Concat(ttls).Concat(dumps)).ConfigureAwait(false);
            var states = new RedisKeyState[keys.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                states[i] = new RedisKeyState(types[i].Result, (long)ttls[i].Result, withDump ? dumps[i].Result : null);
            }

            return states;
        }, "Reading keys from", cancellationToken);

    /// <summary>EXISTS of every key, pipelined.</summary>
    public Task<bool[]> ExistAsync(RedisKey[] keys, CancellationToken cancellationToken) =>
        RunAsync(db => Task.WhenAll(keys.Select(k => db.KeyExistsAsync(k))), "Checking keys on", cancellationToken);
}
