using PubSec.Dr.Serialization;
using static PubSec.Dr.Metrics.DrMetricsBuilder;

namespace PubSec.Dr.Metrics;

/// <summary>
/// The metrics of the checks made between backups and drills: the last integrity check per collection and Redis name
/// and how many of its backups failed their latest one (<see cref="LastIntegrity"/>), and the Redis replication lag
/// per replica region when it was measured.
/// </summary>
public static class IntegrityMetrics
{
    /// <summary>Give the input <see cref="MetricsInput.AtAsOf"/>.</summary>
    public static IReadOnlyList<MetricFamily> Build(MetricsInput now)
    {
        var integrity = LastIntegrity.Of(now)
            .OrderBy(p => p.Key.Kind, StringComparer.Ordinal).ThenBy(p => p.Key.Source, StringComparer.Ordinal).ToList();
        var links = now.Replication.OrderBy(l => l.Region, StringComparer.Ordinal).ToList();
        return
        [
            Gauge("pubsec_dr_integrity_last_check_timestamp_seconds", "When a backup of the source was last checked (Test-BackupIntegrity -Record, a restore proof or a drill restore), Unix seconds.",
                [.. integrity.Select(p => MetricSample.Of(Seconds(UtcTimes.AsUtc(p.Value.Latest.CheckedAt)), ("kind", p.Key.Kind), ("source", p.Key.Source)))]),
            Gauge("pubsec_dr_integrity_failed_backups", "Backups of the source whose latest integrity check failed.",
                [.. integrity.Select(p => MetricSample.Of(p.Value.Failing.Count, ("kind", p.Key.Kind), ("source", p.Key.Source)))]),
            Gauge("redis_replication_link_up", "1 when the region's Redis replica is linked to the primary region's Redis, 0 when not.",
                [.. links.Select(l => MetricSample.Of(string.Equals(l.Status.LinkStatus, "up", StringComparison.OrdinalIgnoreCase) ? 1 : 0, ("region", l.Region), ("primary_region", l.PrimaryRegion)))]),
            Gauge("redis_replication_lag_bytes", "Replication stream the region's Redis replica has not applied yet, bytes.",
                [.. links.Where(l => l.Status.LagBytes is not null).Select(l => MetricSample.Of(l.Status.LagBytes!.Value, ("region", l.Region), ("primary_region", l.PrimaryRegion)))]),
            Gauge("redis_replication_lag_seconds", "How far behind the primary region's Redis the region's replica is, seconds (its RPO for replicated data).",
                [.. links.Where(l => l.Status.LagSeconds is not null).Select(l => MetricSample.Of(l.Status.LagSeconds!.Value, ("region", l.Region), ("primary_region", l.PrimaryRegion)))]),
            Gauge("redis_replication_healthy", "1 when Test-RedisReplication's checks pass for the region's replica, 0 when not.",
                [.. links.Select(l => MetricSample.Of(l.Status.Verdict == RedisReplicationVerdict.Healthy ? 1 : 0, ("region", l.Region), ("primary_region", l.PrimaryRegion)))]),
        ];
    }
}
