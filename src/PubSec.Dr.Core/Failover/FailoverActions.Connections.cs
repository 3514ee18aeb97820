using PubSec.Dr.Environments;
using PubSec.Dr.Network;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Redis;

namespace PubSec.Dr.Failover;

/// <summary>How the steps reach a region's Qdrant and Redis: from its environment file section, named in errors by its path.</summary>
public sealed partial class FailoverActions
{
    // One definition for every engine that reaches a region (drills too).
    private static QdrantConnection QdrantOf(DrRegion region) => RegionConnections.Qdrant(region);

    private static RedisEndpoint RedisOf(DrRegion region, NetworkDeadlines? deadlines = null) => RegionConnections.Redis(region, deadlines);
}
