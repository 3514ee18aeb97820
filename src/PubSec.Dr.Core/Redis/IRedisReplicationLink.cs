namespace PubSec.Dr.Redis;

/// <summary>A RESP connection that asks what a replica asks: INFO, and the RDB over PSYNC as a stream.</summary>
public interface IRedisReplicationLink : IAsyncDisposable
{
    RedisEndpoint Endpoint { get; }

    /// <summary>INFO (one section, or all when null), parsed.</summary>
    Task<RedisServerInfo> InfoAsync(string? section, CancellationToken cancellationToken);

    /// <summary>
    /// Starts the RDB transfer; the payload stream reads from this connection, so it is read before the link is
    /// disposed. A server that does not serve its RDB (managed services) fails with RedisCommandRefused.
    /// </summary>
    Task<RdbTransfer> RequestRdbAsync(CancellationToken cancellationToken);
}
