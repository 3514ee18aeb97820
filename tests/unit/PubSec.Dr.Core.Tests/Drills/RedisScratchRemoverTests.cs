using PubSec.Dr.Drills;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Redis;
using PubSec.Dr.Tests.Redis.Fakes;

namespace PubSec.Dr.Tests.Drills;

/// <summary>The scratch Redis remover runs FLUSHALL on an endpoint read from a ledger: it must never reach production data.</summary>
public sealed class RedisScratchRemoverTests
{
    private static readonly DrEnvironment Environment = DrEnvironmentLoader.Parse("""
        {
          "name": "lab",
          "regions": {
            "primary": { "redis": { "endpoint": "127.0.0.1:7001" }, "drillRedis": { "endpoint": "127.0.0.1:7003" } },
            "secondary": { "redis": { "endpoint": "127.0.0.1:7002" }, "drillRedis": { "endpoint": "127.0.0.1:7003" } }
          }
        }
        """, "/tmp/env.json");

    private static DrillResource Resource(string name) => new() { Kind = RedisScratchRemover.ResourceKind, Region = "primary", Name = name };

    [Theory]
    [InlineData("127.0.0.1:7001")]
    [InlineData("localhost:7002")]
    public async Task A_regions_production_redis_is_refused_before_any_connection(string endpoint)
    {
        var redis = new FakeRedisConnector();

        var error = await Assert.ThrowsAsync<DrException>(() =>
            new RedisScratchRemover(redis).RemoveAsync(Environment, Resource(endpoint), CancellationToken.None));

        Assert.Equal(ErrorIds.DrillRecordInvalid, error.ErrorId);
        Assert.Equal(DrErrorCategory.SecurityError, error.Category);
        Assert.Contains("is the Redis of region", error.Message, StringComparison.Ordinal);
        Assert.Empty(redis.Connections);
    }

    [Theory]
    [InlineData("127.0.0.1:7004")]
    [InlineData("redis-elsewhere:7003")]
    public async Task A_server_that_is_no_drill_redis_of_the_environment_is_refused_before_any_connection(string endpoint)
    {
        var redis = new FakeRedisConnector();

        var error = await Assert.ThrowsAsync<DrException>(() =>
            new RedisScratchRemover(redis).RemoveAsync(Environment, Resource(endpoint), CancellationToken.None));

        Assert.Equal(ErrorIds.DrillRecordInvalid, error.ErrorId);
        Assert.Contains("no region of lab has it as drillRedis", error.Message, StringComparison.Ordinal);
        Assert.Empty(redis.Connections);
    }

    [Fact]
    public async Task A_drill_redis_replica_is_promoted_then_flushed_and_emptying_it_again_is_no_error()
    {
        var redis = new FakeRedisConnector();
        var scratch = redis.Add(new RedisEndpoint("127.0.0.1:7003"));
        scratch.Role = "slave";
        scratch.Set("copied:1", "a");
        scratch.Set("copied:2", "b");

        await new RedisScratchRemover(redis).RemoveAsync(Environment, Resource("127.0.0.1:7003"), CancellationToken.None);
        await new RedisScratchRemover(redis).RemoveAsync(Environment, Resource("127.0.0.1:7003"), CancellationToken.None);

        // The replica is flushed on a second connection (the client refuses writes to a server it connected to as a replica); a primary is only flushed.
        Assert.Equal(["REPLICAOF NO ONE", "FLUSHALL", "FLUSHALL"], scratch.Writes);
        Assert.Equal(["keys 127.0.0.1:7003", "keys 127.0.0.1:7003", "keys 127.0.0.1:7003"], redis.Connections);
        Assert.Equal("master", scratch.Role);
        Assert.Equal(0, await scratch.CountKeysAsync(CancellationToken.None));
    }
}
