namespace PubSec.Dr.Redis;

/// <summary>
/// Database 0 of one Redis server, as the logical backup, the logical restore and compare/fix use it. Keys are
/// bytes (binary-safe). Every call takes the token and fails with a DrException naming the endpoint; batches are
/// pipelined in one round trip.
/// </summary>
public interface IRedisServer : IRedisValueReader, IAsyncDisposable
{
    RedisEndpoint Endpoint { get; }

    Task<RedisServerInfo> InfoAsync(CancellationToken cancellationToken);

    /// <summary>DBSIZE.</summary>
    Task<long> CountKeysAsync(CancellationToken cancellationToken);

    /// <summary>One SCAN step (MATCH <paramref name="pattern"/> when given): the next cursor (0 at the end) and the keys it returned.</summary>
    Task<RedisScanPage> ScanAsync(long cursor, string? pattern, int count, CancellationToken cancellationToken);

    /// <summary>DUMP and PTTL of every key; a key that is gone has a null payload or PTTL -2.</summary>
    Task<RedisKeyDump[]> DumpAsync(IReadOnlyList<byte[]> keys, CancellationToken cancellationToken);

    /// <summary>TYPE, PTTL and (with <paramref name="withDump"/>) DUMP of every key.</summary>
    Task<RedisKeyState[]> ReadStatesAsync(IReadOnlyList<byte[]> keys, bool withDump, CancellationToken cancellationToken);

    /// <summary>EXISTS of every key.</summary>
    Task<bool[]> ExistAsync(IReadOnlyList<byte[]> keys, CancellationToken cancellationToken);

    /// <summary>
    /// RESTORE of every record (its PTTL as the TTL, REPLACE when asked). Per key: null when restored, otherwise the
    /// server's error reply (BUSYKEY, a payload it cannot load), so one refused key does not hide what the others did.
    /// A broken connection or a timeout throws.
    /// </summary>
    Task<string?[]> RestoreAsync(IReadOnlyList<RedisKeyPayload> records, bool replace, CancellationToken cancellationToken);

    /// <summary>DEL.</summary>
    Task DeleteAsync(byte[] key, CancellationToken cancellationToken);

    /// <summary>PERSIST: the key no longer expires.</summary>
    Task PersistAsync(byte[] key, CancellationToken cancellationToken);

    /// <summary>PEXPIRE.</summary>
    Task ExpireAsync(byte[] key, long milliseconds, CancellationToken cancellationToken);

    /// <summary>CONFIG GET of one parameter: its value, or null when the server does not know it.</summary>
    Task<string?> GetConfigAsync(string parameter, CancellationToken cancellationToken);

    /// <summary>CONFIG SET of one parameter (a failover fences a primary with min-replicas-to-write).</summary>
    Task SetConfigAsync(string parameter, string value, CancellationToken cancellationToken);

    /// <summary>REPLICAOF NO ONE: the replica stops following its primary and takes writes.</summary>
    Task PromoteAsync(CancellationToken cancellationToken);

    /// <summary>REPLICAOF host port: the server drops its data and follows that primary (a failback).</summary>
    Task ReplicateFromAsync(string host, int port, CancellationToken cancellationToken);

    /// <summary>FLUSHALL: every key of every database is deleted (only a drill's scratch server is ever emptied).</summary>
    Task FlushAllAsync(CancellationToken cancellationToken);
}
