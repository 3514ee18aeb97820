using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Redis;

namespace PubSec.Dr.Drills;

/// <summary>
/// Empties a drill's scratch Redis (a region's drillRedis): REPLICAOF NO ONE, then FLUSHALL. Its endpoint comes from
/// a ledger anyone with write access to the store could edit, so it is emptied only when the environment names it as
/// a drillRedis and as no region's redis: a FLUSHALL aimed at production data is refused, whatever the ledger says.
/// </summary>
public sealed class RedisScratchRemover(IRedisConnector redis) : IDrillResourceRemover
{
    public const string ResourceKind = "RedisScratch";

    public string Kind => ResourceKind;

    public async Task RemoveAsync(DrEnvironment environment, DrillResource resource, CancellationToken ct)
    {
        await EmptyAsync(redis, Scratch(environment, resource.Name, resource), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The drillRedis of <paramref name="environment"/> named <paramref name="name"/>, connectable (its password from its
    /// variable); DrillRecordInvalid when it is a production Redis or no drillRedis at all.
    /// </summary>
    public static RedisEndpoint Scratch(DrEnvironment environment, string name, object target)
    {
        if (RedisServers.ProductionOwner(environment, name) is { } production)
        {
            throw new DrException(ErrorIds.DrillRecordInvalid, DrErrorCategory.SecurityError,
                $"The drill names the Redis '{name}' as its scratch server, but it is the Redis of region {production.Name} (regions.{production.Name}.redis); it is not emptied.",
                "Look at the ledger under drills/<environment>/running/ in the store and the drillRedis sections of the environment file.", target);
        }

        return RedisServers.DrillOwner(environment, name) is { } owner && RegionConnections.DrillRedis(owner) is { } endpoint
            ? endpoint
            : throw new DrException(ErrorIds.DrillRecordInvalid, DrErrorCategory.SecurityError,
                $"The drill names the Redis '{name}' as its scratch server, but no region of {environment.Name} has it as drillRedis; it is not emptied.",
                "Look at the ledger under drills/<environment>/running/ in the store; remove it by hand if the server really is a drill's scratch server.", target);
    }

    /// <summary>
    /// Stops it following anything (a replica refuses FLUSHALL), then deletes every key: as a drill found it. A replica
    /// is flushed on a new connection: the client keeps the role it saw when it connected and refuses writes to a replica.
    /// </summary>
    internal static async Task EmptyAsync(IRedisConnector redis, RedisEndpoint endpoint, CancellationToken ct)
    {
        var server = await redis.ConnectRedisAsync(endpoint, ct).ConfigureAwait(false);
        try
        {
            if ((await server.InfoAsync(ct).ConfigureAwait(false)).Role != "master")
            {
                await server.PromoteAsync(ct).ConfigureAwait(false);
                await server.DisposeAsync().ConfigureAwait(false);
                server = await redis.ConnectRedisAsync(endpoint, ct).ConfigureAwait(false);
            }

            await server.FlushAllAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
