using PubSec.Dr.Metrics;
using Xunit;
using static PubSec.Dr.Tests.Metrics.MetricsSamples;

namespace PubSec.Dr.Tests.Metrics;

public sealed class DrMetricsBuilderTests
{
    // Worked by hand: AsOf 2026-12-06T12:00:00Z = 1796558400. docs: newest Succeeded completed 00:00:30 (1796515230,
    // age 43170 s), proven at 08:00 (1796544000); the Incomplete 06:00 backup is the newest (500 B, 60 s); the 13:00
    // backup is after AsOf. faq: only a forensic backup (no timestamp, counted). Redis completed 03:00:05 (1796526005,
    // age 32395 s), proven by drill d1 at 02:01:40 (1796522500). Drills: d1 Passed, d2 Failed, d3 after AsOf: 1 of 2.
    private const string Expected = """
        # HELP pubsec_dr_metrics_timestamp_seconds When these metrics were computed (Export-DrMetrics -AsOf, else now), Unix seconds.
        # TYPE pubsec_dr_metrics_timestamp_seconds gauge
        pubsec_dr_metrics_timestamp_seconds 1796558400
        # HELP qdrant_last_backup_timestamp Completion time of the newest Succeeded, non-forensic backup of the collection, Unix seconds.
        # TYPE qdrant_last_backup_timestamp gauge
        qdrant_last_backup_timestamp{collection="docs"} 1796515230
        # HELP redis_last_backup_timestamp Completion time of the newest Succeeded backup of the Redis name, Unix seconds.
        # TYPE redis_last_backup_timestamp gauge
        redis_last_backup_timestamp{name="tenant\"x\\y"} 1796526005
        # HELP qdrant_last_verified_restorable_backup_timestamp Completion time of the newest backup of the collection that a restore proved (Test-BackupIntegrity -Level Restore or a drill), Unix seconds.
        # TYPE qdrant_last_verified_restorable_backup_timestamp gauge
        qdrant_last_verified_restorable_backup_timestamp{collection="docs"} 1796515230
        # HELP redis_last_verified_restorable_backup_timestamp Completion time of the newest backup of the Redis name that a restore proved (Test-BackupIntegrity -Level Restore or a drill), Unix seconds.
        # TYPE redis_last_verified_restorable_backup_timestamp gauge
        redis_last_verified_restorable_backup_timestamp{name="tenant\"x\\y"} 1796526005
        # HELP pubsec_dr_last_backup_age_seconds Age of the newest Succeeded, non-forensic backup at the metrics' time.
        # TYPE pubsec_dr_last_backup_age_seconds gauge
        pubsec_dr_last_backup_age_seconds{kind="Qdrant",source="docs"} 43170
        pubsec_dr_last_backup_age_seconds{kind="Redis",source="tenant\"x\\y"} 32395
        # HELP pubsec_dr_verified_restorable_backup_age_seconds Age of the newest backup a restore proved, at the metrics' time.
        # TYPE pubsec_dr_verified_restorable_backup_age_seconds gauge
        pubsec_dr_verified_restorable_backup_age_seconds{kind="Qdrant",source="docs"} 43170
        pubsec_dr_verified_restorable_backup_age_seconds{kind="Redis",source="tenant\"x\\y"} 32395
        # HELP pubsec_dr_restore_proof_timestamp_seconds When a restore last proved the newest verified-restorable backup, Unix seconds.
        # TYPE pubsec_dr_restore_proof_timestamp_seconds gauge
        pubsec_dr_restore_proof_timestamp_seconds{kind="Qdrant",source="docs"} 1796544000
        pubsec_dr_restore_proof_timestamp_seconds{kind="Redis",source="tenant\"x\\y"} 1796522500
        # HELP pubsec_dr_backups Backups in the store by outcome (retention deletes old ones, so this is a gauge, not a counter).
        # TYPE pubsec_dr_backups gauge
        pubsec_dr_backups{kind="Qdrant",source="docs",status="Succeeded"} 1
        pubsec_dr_backups{kind="Qdrant",source="docs",status="Incomplete"} 1
        pubsec_dr_backups{kind="Qdrant",source="faq",status="Succeeded"} 1
        pubsec_dr_backups{kind="Qdrant",source="faq",status="Incomplete"} 0
        pubsec_dr_backups{kind="Redis",source="tenant\"x\\y",status="Succeeded"} 1
        pubsec_dr_backups{kind="Redis",source="tenant\"x\\y",status="Incomplete"} 0
        # HELP pubsec_dr_newest_backup_size_bytes Stored size of the newest backup (any outcome), bytes.
        # TYPE pubsec_dr_newest_backup_size_bytes gauge
        pubsec_dr_newest_backup_size_bytes{kind="Qdrant",source="docs"} 500
        pubsec_dr_newest_backup_size_bytes{kind="Qdrant",source="faq"} 42
        pubsec_dr_newest_backup_size_bytes{kind="Redis",source="tenant\"x\\y"} 2048
        # HELP pubsec_dr_newest_backup_duration_seconds How long the newest backup (any outcome) took, seconds.
        # TYPE pubsec_dr_newest_backup_duration_seconds gauge
        pubsec_dr_newest_backup_duration_seconds{kind="Qdrant",source="docs"} 60
        pubsec_dr_newest_backup_duration_seconds{kind="Qdrant",source="faq"} 10
        pubsec_dr_newest_backup_duration_seconds{kind="Redis",source="tenant\"x\\y"} 5
        # HELP pubsec_dr_newest_backup_succeeded 1 when the newest backup (any outcome) is Succeeded, 0 when it is Incomplete.
        # TYPE pubsec_dr_newest_backup_succeeded gauge
        pubsec_dr_newest_backup_succeeded{kind="Qdrant",source="docs"} 0
        pubsec_dr_newest_backup_succeeded{kind="Qdrant",source="faq"} 1
        pubsec_dr_newest_backup_succeeded{kind="Redis",source="tenant\"x\\y"} 1
        # HELP pubsec_dr_integrity_last_check_timestamp_seconds When a backup of the source was last checked (Test-BackupIntegrity -Record, a restore proof or a drill restore), Unix seconds.
        # TYPE pubsec_dr_integrity_last_check_timestamp_seconds gauge
        pubsec_dr_integrity_last_check_timestamp_seconds{kind="Qdrant",source="docs"} 1796544000
        pubsec_dr_integrity_last_check_timestamp_seconds{kind="Redis",source="tenant\"x\\y"} 1796529600
        # HELP pubsec_dr_integrity_failed_backups Backups of the source whose latest integrity check failed.
        # TYPE pubsec_dr_integrity_failed_backups gauge
        pubsec_dr_integrity_failed_backups{kind="Qdrant",source="docs"} 1
        pubsec_dr_integrity_failed_backups{kind="Redis",source="tenant\"x\\y"} 0
        # HELP redis_replication_link_up 1 when the region's Redis replica is linked to the primary region's Redis, 0 when not.
        # TYPE redis_replication_link_up gauge
        redis_replication_link_up{region="secondary",primary_region="primary"} 1
        # HELP redis_replication_lag_bytes Replication stream the region's Redis replica has not applied yet, bytes.
        # TYPE redis_replication_lag_bytes gauge
        redis_replication_lag_bytes{region="secondary",primary_region="primary"} 120
        # HELP redis_replication_lag_seconds How far behind the primary region's Redis the region's replica is, seconds (its RPO for replicated data).
        # TYPE redis_replication_lag_seconds gauge
        redis_replication_lag_seconds{region="secondary",primary_region="primary"} 1
        # HELP redis_replication_healthy 1 when Test-RedisReplication's checks pass for the region's replica, 0 when not.
        # TYPE redis_replication_healthy gauge
        redis_replication_healthy{region="secondary",primary_region="primary"} 1
        # HELP pubsec_dr_drill_last_timestamp_seconds Start of the last drill of the scenario, Unix seconds.
        # TYPE pubsec_dr_drill_last_timestamp_seconds gauge
        pubsec_dr_drill_last_timestamp_seconds{environment="lab",scenario="DatabaseRestore"} 1796522400
        # HELP pubsec_dr_drill_last_passed 1 when the last drill of the scenario passed every success criterion (plan 3.1), else 0.
        # TYPE pubsec_dr_drill_last_passed gauge
        pubsec_dr_drill_last_passed{environment="lab",scenario="DatabaseRestore"} 1
        # HELP pubsec_dr_drill_last_rto_seconds RTO the last drill of the scenario measured, seconds.
        # TYPE pubsec_dr_drill_last_rto_seconds gauge
        pubsec_dr_drill_last_rto_seconds{environment="lab",scenario="DatabaseRestore"} 90
        # HELP pubsec_dr_drill_last_rpo_seconds RPO the last drill of the scenario measured, seconds.
        # TYPE pubsec_dr_drill_last_rpo_seconds gauge
        pubsec_dr_drill_last_rpo_seconds{environment="lab",scenario="DatabaseRestore"} 1200
        # HELP pubsec_dr_drill_success_ratio Passed drills over all drills in the history (plan 7.2 DR test success rate), 0..1.
        # TYPE pubsec_dr_drill_success_ratio gauge
        pubsec_dr_drill_success_ratio{environment="lab"} 0.5
        # HELP pubsec_dr_drill_success_ratio_target The plan's target for the DR test success rate (7.2), 0..1.
        # TYPE pubsec_dr_drill_success_ratio_target gauge
        pubsec_dr_drill_success_ratio_target{environment="lab"} 0.95

        """;

    [Fact]
    public void A_fixed_catalog_gives_exactly_the_metrics_worked_out_by_hand()
    {
        var text = PrometheusText.Render(DrMetricsBuilder.Build(Input()));

        Assert.Equal(Expected.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void Moving_the_clock_eight_hours_on_ages_a_source_without_new_backups_by_eight_hours_and_takes_in_what_happened_meanwhile()
    {
        var input = Input();
        var later = new MetricsInput { Backups = input.Backups, Proofs = input.Proofs, Drills = input.Drills, AsOf = AsOf.AddHours(8) };

        var now = Samples(DrMetricsBuilder.Build(input));
        var moved = Samples(DrMetricsBuilder.Build(later));

        Assert.Equal(32395 + 8 * 3600, moved["pubsec_dr_last_backup_age_seconds{kind=\"Redis\",source=\"tenant\\\"x\\\\y\"}"]);
        Assert.Equal(now["redis_last_backup_timestamp{name=\"tenant\\\"x\\\\y\"}"], moved["redis_last_backup_timestamp{name=\"tenant\\\"x\\\\y\"}"]);
        // docs got the 13:00:30 backup in between: 20:00:00 - 13:00:30.
        Assert.Equal(25170, moved["pubsec_dr_last_backup_age_seconds{kind=\"Qdrant\",source=\"docs\"}"]);
        // The 13:00 backup completed before 20:00, so it is now the newest; at 12:00 the verified one was the 00:00 one.
        Assert.Equal(DrMetricsBuilder.Seconds(DocsAfterAsOf.CompletedAt), moved["qdrant_last_backup_timestamp{collection=\"docs\"}"]);
        Assert.Equal(now["qdrant_last_verified_restorable_backup_timestamp{collection=\"docs\"}"], DrMetricsBuilder.Seconds(DocsGood.CompletedAt));
        // Its proof at 13:05 is before 20:00 now: the verified-restorable backup moves to it.
        Assert.Equal(DrMetricsBuilder.Seconds(DocsAfterAsOf.CompletedAt), moved["qdrant_last_verified_restorable_backup_timestamp{collection=\"docs\"}"]);
    }

    [Fact]
    public void A_proof_of_a_backup_the_catalog_no_longer_holds_proves_nothing()
    {
        var input = Input();
        var withoutGood = new MetricsInput { Backups = [.. input.Backups.Where(b => b.Id != DocsGood.Id)], Proofs = input.Proofs, Drills = [], AsOf = AsOf };

        var samples = Samples(DrMetricsBuilder.Build(withoutGood));

        Assert.DoesNotContain("qdrant_last_verified_restorable_backup_timestamp{collection=\"docs\"}", samples.Keys);
        Assert.DoesNotContain("qdrant_last_backup_timestamp{collection=\"docs\"}", samples.Keys);
        Assert.Contains("pubsec_dr_backups{kind=\"Qdrant\",source=\"docs\",status=\"Incomplete\"}", samples.Keys);
    }

    [Fact]
    public void A_store_with_nothing_gives_only_the_time_of_the_metrics()
    {
        var text = PrometheusText.Render(DrMetricsBuilder.Build(new MetricsInput { AsOf = AsOf }));

        Assert.Equal("# HELP pubsec_dr_metrics_timestamp_seconds When these metrics were computed (Export-DrMetrics -AsOf, else now), Unix seconds.\n"
            + "# TYPE pubsec_dr_metrics_timestamp_seconds gauge\npubsec_dr_metrics_timestamp_seconds 1796558400\n", text);
    }

    private static Dictionary<string, double> Samples(IEnumerable<MetricFamily> families) => families
        .SelectMany(f => f.Samples.Select(s => (Key: f.Name + (s.Labels.Count == 0 ? "" : "{" + string.Join(',', s.Labels.Select(l => $"{l.Key}=\"{l.Value.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"")) + "}"), s.Value)))
        .ToDictionary(x => x.Key, x => x.Value);
}
