using PubSec.Dr.Serialization;

namespace PubSec.Dr.Metrics;

/// <summary>
/// Export-DrMetrics' metrics from one store's contents. The two names the plan's alerts use keep the plan's
/// spelling (qdrant_last_backup_timestamp, and its verified-restorable twin, per collection; redis_* per Redis name);
/// the rest are pubsec_dr_* with kind and source labels. Every value is what the store held at <see cref="MetricsInput.AsOf"/>:
/// backups completed, proofs made and drills started later are left out, and ages are taken against it.
/// Samples are sorted by their labels so two exports of the same store are the same text.
/// </summary>
public static class DrMetricsBuilder
{
    public static IReadOnlyList<MetricFamily> Build(MetricsInput input)
    {
        var asOf = input.AsOf.UtcDateTime;
        var now = input.AtAsOf();
        var backups = now.Backups;
        var drills = now.Drills;
        var sources = backups.GroupBy(b => (b.Kind, b.Source)).OrderBy(g => g.Key.Kind, StringComparer.Ordinal).ThenBy(g => g.Key.Source, StringComparer.Ordinal).ToList();
        var newestGood = sources.Select(g => (g.Key, Backup: g.Where(b => b.IsRestorable).MaxBy(b => b.CompletedAt))).Where(x => x.Backup is not null).ToList();
        var proven = VerifiedRestorable.Newest(now)
            .OrderBy(p => p.Key.Kind, StringComparer.Ordinal).ThenBy(p => p.Key.Source, StringComparer.Ordinal).ToList();

        return
        [
            Gauge("pubsec_dr_metrics_timestamp_seconds", "When these metrics were computed (Export-DrMetrics -AsOf, else now), Unix seconds.",
                [MetricSample.Of(Seconds(asOf))]),
            Gauge("qdrant_last_backup_timestamp", "Completion time of the newest Succeeded, non-forensic backup of the collection, Unix seconds.",
                [.. newestGood.Where(x => x.Key.Kind == QdrantBackup.KindName).Select(x => MetricSample.Of(Seconds(x.Backup!.CompletedAt), ("collection", x.Key.Source)))]),
            Gauge("redis_last_backup_timestamp", "Completion time of the newest Succeeded backup of the Redis name, Unix seconds.",
                [.. newestGood.Where(x => x.Key.Kind == RedisBackup.KindName).Select(x => MetricSample.Of(Seconds(x.Backup!.CompletedAt), ("name", x.Key.Source)))]),
            Gauge("qdrant_last_verified_restorable_backup_timestamp",
                "Completion time of the newest backup of the collection that a restore proved (Test-BackupIntegrity -Level Restore or a drill), Unix seconds.",
                [.. proven.Where(p => p.Key.Kind == QdrantBackup.KindName).Select(p => MetricSample.Of(Seconds(p.Value.Backup.CompletedAt), ("collection", p.Key.Source)))]),
            Gauge("redis_last_verified_restorable_backup_timestamp",
                "Completion time of the newest backup of the Redis name that a restore proved (Test-BackupIntegrity -Level Restore or a drill), Unix seconds.",
                [.. proven.Where(p => p.Key.Kind == RedisBackup.KindName).Select(p => MetricSample.Of(Seconds(p.Value.Backup.CompletedAt), ("name", p.Key.Source)))]),
            Gauge("pubsec_dr_last_backup_age_seconds", "Age of the newest Succeeded, non-forensic backup at the metrics' time.",
                [.. newestGood.Select(x => MetricSample.Of(Seconds(asOf) - Seconds(x.Backup!.CompletedAt), ("kind", x.Key.Kind), ("source", x.Key.Source)))]),
            Gauge("pubsec_dr_verified_restorable_backup_age_seconds", "Age of the newest backup a restore proved, at the metrics' time.",
                [.. proven.Select(p => MetricSample.Of(Seconds(asOf) - Seconds(p.Value.Backup.CompletedAt), ("kind", p.Key.Kind), ("source", p.Key.Source)))]),
            Gauge("pubsec_dr_restore_proof_timestamp_seconds", "When a restore last proved the newest verified-restorable backup, Unix seconds.",
                [.. proven.Select(p => MetricSample.Of(Seconds(p.Value.ProvenAt), ("kind", p.Key.Kind), ("source", p.Key.Source)))]),
            Gauge("pubsec_dr_backups", "Backups in the store by outcome (retention deletes old ones, so this is a gauge, not a counter).",
                [.. sources.SelectMany(g => Enum.GetValues<BackupStatus>().Select(s => MetricSample.Of(g.Count(b => b.Status == s), ("kind", g.Key.Kind), ("source", g.Key.Source), ("status", s.ToString()))))]),
            Gauge("pubsec_dr_newest_backup_size_bytes", "Stored size of the newest backup (any outcome), bytes.",
                [.. sources.Select(g => MetricSample.Of(Newest(g).SizeBytes, ("kind", g.Key.Kind), ("source", g.Key.Source)))]),
            Gauge("pubsec_dr_newest_backup_duration_seconds", "How long the newest backup (any outcome) took, seconds.",
                [.. sources.Select(g => MetricSample.Of(Newest(g).Duration.TotalSeconds, ("kind", g.Key.Kind), ("source", g.Key.Source)))]),
            Gauge("pubsec_dr_newest_backup_succeeded", "1 when the newest backup (any outcome) is Succeeded, 0 when it is Incomplete.",
                [.. sources.Select(g => MetricSample.Of(Newest(g).Status == BackupStatus.Succeeded ? 1 : 0, ("kind", g.Key.Kind), ("source", g.Key.Source)))]),
            .. IntegrityMetrics.Build(now),
            .. DrillMetrics.Build(drills),
        ];
    }

    public static MetricFamily Gauge(string name, string help, IReadOnlyList<MetricSample> samples) => new(name, help, "gauge", samples);

    public static double Seconds(DateTime time) => (UtcTimes.AsUtc(time) - DateTime.UnixEpoch).TotalSeconds;

    private static DrBackup Newest(IEnumerable<DrBackup> backups) => backups.MaxBy(b => b.CompletedAt)!;
}
