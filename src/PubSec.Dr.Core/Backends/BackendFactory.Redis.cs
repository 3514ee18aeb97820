using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Client;
using PubSec.Dr.Redis.Rdb;

namespace PubSec.Dr.Backends;

/// <summary>Real Redis connections: StackExchange.Redis for key-level work, the module's RESP client for the replication protocol.</summary>
public sealed partial class BackendFactory
{
    public async Task<IRedisServer> ConnectRedisAsync(RedisEndpoint endpoint, CancellationToken cancellationToken) =>
        new StackExchangeRedisServer(endpoint, await RedisConnections.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false));

    public async Task<IRedisReplicationLink> OpenRedisReplicationAsync(RedisEndpoint endpoint, CancellationToken cancellationToken) =>
        new WireReplicationLink(await RedisWireConnection.OpenAsync(endpoint, cancellationToken).ConfigureAwait(false));
}
