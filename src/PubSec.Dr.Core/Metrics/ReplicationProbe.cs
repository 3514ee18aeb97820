using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Replication;

namespace PubSec.Dr.Metrics;

/// <summary>
/// Measures the Redis replication lag for Export-DrMetrics and Get-DrStatus with the same checker Test-RedisReplication
/// uses: one link per replica region, each judged with its defaults. A replica that cannot be reached is a status
/// with LinkStatus unknown (the checker's own answer), not an error that stops the export.
/// </summary>
public sealed class ReplicationProbe(IRedisConnector redis, IReadOnlyList<ReplicationProbe.Link> links)
{
    public sealed record Link(string Region, string PrimaryRegion, RedisEndpoint Primary, RedisEndpoint Replica);

    public async Task<IReadOnlyList<ReplicationLag>> MeasureAsync(CancellationToken ct)
    {
        var measured = new List<ReplicationLag>();
        foreach (var link in links)
        {
            var (status, _) = await new RedisReplicationChecker(redis, link.Primary, link.Replica).CheckAsync(ct).ConfigureAwait(false);
            measured.Add(new ReplicationLag(link.Region, link.PrimaryRegion, status));
        }

        return measured;
    }
}
