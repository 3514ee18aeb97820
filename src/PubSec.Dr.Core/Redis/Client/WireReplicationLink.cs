using PubSec.Dr.Redis.Rdb;

namespace PubSec.Dr.Redis.Client;

/// <summary><see cref="IRedisReplicationLink"/> over the module's own RESP connection.</summary>
internal sealed class WireReplicationLink(RedisWireConnection connection) : IRedisReplicationLink
{
    public RedisEndpoint Endpoint => connection.Endpoint;

    public Task<RedisServerInfo> InfoAsync(string? section, CancellationToken cancellationToken) => connection.InfoAsync(section, cancellationToken);

    public Task<RdbTransfer> RequestRdbAsync(CancellationToken cancellationToken) => RdbSyncClient.StartAsync(connection, cancellationToken);

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
