namespace PubSec.Dr.Redis;

/// <summary>
/// Opens the two kinds of Redis connection the engines need. Key-level work (INFO, SCAN, DUMP, RESTORE, compare
/// reads and fixes) goes through a multiplexed client; the RDB and the replication check speak the replication
/// protocol themselves, which hands a raw byte stream after a reply line. <see cref="Backends.IBackendFactory"/>
/// is one; xunit fakes are others.
/// </summary>
public interface IRedisConnector
{
    /// <summary>Connects within the endpoint's deadlines; failures are DrExceptions with the module's Redis error ids.</summary>
    Task<IRedisServer> ConnectRedisAsync(RedisEndpoint endpoint, CancellationToken cancellationToken);

    /// <summary>Opens a RESP connection for INFO and the RDB (PSYNC), logged in and checked with PING.</summary>
    Task<IRedisReplicationLink> OpenRedisReplicationAsync(RedisEndpoint endpoint, CancellationToken cancellationToken);
}
