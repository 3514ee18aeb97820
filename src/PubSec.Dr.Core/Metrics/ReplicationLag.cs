
namespace PubSec.Dr.Metrics;

/// <summary>How far one region's Redis replica is behind the primary region's, measured when the metrics or status were read.</summary>
public sealed record ReplicationLag(string Region, string PrimaryRegion, RedisReplicationStatus Status);
