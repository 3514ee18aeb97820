using PubSec.Dr.Network;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Redis;

namespace PubSec.Dr.Environments;

/// <summary>How engines reach a region's Qdrant and Redis from its environment file section, named in errors by its path (failover, drills).</summary>
public static class RegionConnections
{
    public static QdrantConnection Qdrant(DrRegion region)
    {
        var settings = region.Require(r => r.Qdrant, "qdrant");
        return new QdrantConnection(settings.Rest, settings.Grpc, settings.ApiKey(), null, $"regions.{region.Name}.qdrant.rest", $"regions.{region.Name}.qdrant.grpc");
    }

    public static RedisEndpoint Redis(DrRegion region, NetworkDeadlines? deadlines = null)
    {
        var settings = region.Require(r => r.Redis, "redis");
        return new RedisEndpoint(settings.Endpoint, settings.Password(), settings.User) { Deadlines = deadlines ?? RedisEndpoint.DefaultDeadlines };
    }

    /// <summary>The region's scratch Redis for drills (regions.&lt;name&gt;.drillRedis), or null when the file gives none.</summary>
    public static RedisEndpoint? DrillRedis(DrRegion region) =>
        region.DrillRedis is { } settings
            ? new RedisEndpoint(settings.Endpoint, settings.Password(), settings.User) { Deadlines = RedisEndpoint.DefaultDeadlines }
            : null;
}
