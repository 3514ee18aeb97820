using PubSec.Dr.Errors;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Rdb;

namespace PubSec.Dr.Tests.Redis.Fakes;

/// <summary>
/// Hands the engines fake servers by endpoint, and a replication link that refuses or fails the RDB the way a
/// managed service or a broken server does. Records every connection asked for.
/// </summary>
internal sealed class FakeRedisConnector : IRedisConnector
{
    private readonly Dictionary<string, FakeRedisServer> _servers = [];

    /// <summary>What RequestRdbAsync throws; a test sets it to the refusal or failure it needs.</summary>
    public Func<RedisEndpoint, DrException> RdbFailure { get; set; } = endpoint => new DrException(ErrorIds.RedisCommandRefused,
        DrErrorCategory.PermissionDenied, $"Requesting the RDB from Redis at {endpoint.Display} failed: the server refused the command (ERR unknown command 'PSYNC').",
        RdbSyncClient.RefusedAction, endpoint.Display);

    public List<string> Connections { get; } = [];

    public FakeRedisServer Add(RedisEndpoint endpoint) => _servers[endpoint.Display] = new FakeRedisServer(endpoint);

    public Task<IRedisServer> ConnectRedisAsync(RedisEndpoint endpoint, CancellationToken cancellationToken)
    {
        Connections.Add($"keys {endpoint.Display}");
        return Task.FromResult<IRedisServer>(_servers[endpoint.Display]);
    }

    public Task<IRedisReplicationLink> OpenRedisReplicationAsync(RedisEndpoint endpoint, CancellationToken cancellationToken)
    {
        Connections.Add($"replication {endpoint.Display}");
        return Task.FromResult<IRedisReplicationLink>(new RefusingLink(endpoint, RdbFailure(endpoint)));
    }

    private sealed class RefusingLink(RedisEndpoint endpoint, DrException failure) : IRedisReplicationLink
    {
        public RedisEndpoint Endpoint => endpoint;

        public Task<RedisServerInfo> InfoAsync(string? section, CancellationToken cancellationToken) =>
            Task.FromResult(RedisServerInfo.Parse("redis_version:7.2.4\r\nrole:master\r\nmaster_repl_offset:0\r\n"));

        public Task<RdbTransfer> RequestRdbAsync(CancellationToken cancellationToken) => Task.FromException<RdbTransfer>(failure);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
