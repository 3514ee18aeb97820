using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Metrics;
using Xunit;
using static PubSec.Dr.Tests.Metrics.MetricsSamples;

namespace PubSec.Dr.Tests.Metrics;

public sealed class DrStatusBuilderTests
{
    private static MetricsInput At(DateTimeOffset asOf, MetricsInput? input = null)
    {
        var source = input ?? Input();
        return new MetricsInput { Backups = source.Backups, Proofs = source.Proofs, Verdicts = source.Verdicts, Replication = source.Replication, Drills = source.Drills, AsOf = asOf };
    }

    [Fact]
    public void Each_source_is_judged_against_its_own_schedule_and_a_forensic_only_collection_fails()
    {
        // 12:00: docs' newest good backup is 11 h 59 min 30 s old (FAIL after 7 h), Redis 8 h 59 min 55 s (OK up to 24 h),
        // faq has only a forensic backup. The last drill (d1, 10 h ago) passed.
        var rows = DrStatusBuilder.Build(At(AsOf));

        Assert.Equal(["Qdrant docs", "Qdrant faq", $"Redis {RedisName}"], rows.Select(r => $"{r.Kind} {r.Source}"));
        var docs = rows[0];
        Assert.Equal((DrHealth.FAIL, DrHealth.OK, DrHealth.OK, DrHealth.FAIL), (docs.BackupHealth, docs.VerifiedHealth, docs.DrillHealth, docs.Health));
        Assert.Equal(DocsGood.Id, docs.NewestBackupId);
        Assert.Equal(TimeSpan.FromSeconds(43170), docs.NewestBackupAge);
        Assert.Equal("DatabaseRestore Passed", docs.LastDrill);
        Assert.Equal((DrHealth.FAIL, $"Restore Passed {DocsGood.Id}"), (docs.IntegrityHealth, docs.LastIntegrity));
        Assert.Equal(
        [
            "newest backup 12 h old (OK up to 6 h, FAIL after 7 h)",
            $"backup {DocsIncomplete.Id} failed its Full check (PartChecksum) at 2026-12-06 07:00:00Z",
        ], docs.Reasons);
        Assert.Null(docs.ReplicationHealth);
        Assert.Equal((DrHealth.FAIL, DrHealth.WARN, DrHealth.WARN), (rows[1].BackupHealth, rows[1].VerifiedHealth, rows[1].IntegrityHealth));
        Assert.Equal((DrHealth.OK, DrHealth.OK, "Invoke-DrDrill DatabaseRestore d1"), (rows[2].BackupHealth, rows[2].Health, rows[2].VerifiedBy));
        Assert.Equal((DrHealth.OK, "Quick Passed " + MetricsSamples.Redis.Id, DrHealth.OK, 1L, 120L),
            (rows[2].IntegrityHealth, rows[2].LastIntegrity, rows[2].ReplicationHealth, rows[2].ReplicationLagSeconds, rows[2].ReplicationLagBytes));
    }

    [Theory]
    [InlineData(24.9, DrHealth.OK)]
    [InlineData(30, DrHealth.WARN)]
    [InlineData(49.5, DrHealth.FAIL)]
    public void The_last_integrity_check_is_ok_for_a_day_warn_the_next_and_fail_after_two(double hours, DrHealth expected)
    {
        var checkedAt = MetricsSamples.Redis.CompletedAt.AddMinutes(5);
        var input = new MetricsInput { Backups = [MetricsSamples.Redis], Verdicts = [Verdict(MetricsSamples.Redis, IntegrityLevel.Full, IntegrityVerdict.Passed, checkedAt)] };

        Assert.Equal(expected, Assert.Single(DrStatusBuilder.Build(At(new DateTimeOffset(checkedAt).AddHours(hours), input))).IntegrityHealth);
    }

    [Fact]
    public void A_backup_that_failed_its_check_and_then_passed_again_is_ok_and_a_verdict_of_a_deleted_backup_counts_for_nothing()
    {
        var redis = MetricsSamples.Redis;
        var at = redis.CompletedAt;
        var input = new MetricsInput
        {
            Backups = [redis],
            Verdicts =
            [
                Verdict(redis, IntegrityLevel.Full, IntegrityVerdict.Failed, at.AddHours(1), "Checksum"),
                Verdict(redis, IntegrityLevel.Full, IntegrityVerdict.Passed, at.AddHours(2)),
                new() { BackupId = "20261101T000000Z-gone00", Kind = "Redis", Source = redis.Source, Level = IntegrityLevel.Full, Verdict = IntegrityVerdict.Failed, CheckedAt = at.AddHours(3) },
            ],
        };

        var row = Assert.Single(DrStatusBuilder.Build(At(new DateTimeOffset(at).AddHours(4), input)));

        Assert.Equal((DrHealth.OK, $"Full Passed {redis.Id}"), (row.IntegrityHealth, row.LastIntegrity));
    }

    [Fact]
    public void A_drill_that_restored_the_newest_backup_counts_as_its_integrity_check()
    {
        var redis = MetricsSamples.Redis;
        var start = new DateTimeOffset(redis.CompletedAt).AddHours(1);
        var drills = new DrillHistory
        {
            Environment = "lab",
            Drills = [Drill("d7", DrillScenario.DatabaseRestore, DrillVerdict.Passed, start, new DrillCheck { Name = "RedisRestore", Passed = true, Target = redis.Id })],
        };

        var row = Assert.Single(DrStatusBuilder.Build(At(start.AddHours(2), new MetricsInput { Backups = [redis], Drills = [drills] })));

        Assert.Equal((DrHealth.OK, $"Restore Passed {redis.Id}", start.AddSeconds(100).UtcDateTime), (row.IntegrityHealth, row.LastIntegrity, row.LastIntegrityAt));
    }

    [Fact]
    public void A_replica_whose_link_is_down_fails_the_redis_row_and_says_why()
    {
        var down = new RedisReplicationStatus
        {
            LinkStatus = "down", Verdict = RedisReplicationVerdict.Unhealthy, Reasons = ["master_link_status is down"],
        };
        var input = new MetricsInput { Backups = [MetricsSamples.Redis, DocsGood], Replication = [new ReplicationLag("secondary", "primary", down)] };

        var rows = DrStatusBuilder.Build(At(new DateTimeOffset(MetricsSamples.Redis.CompletedAt).AddHours(1), input));

        Assert.Null(rows.Single(r => r.Kind == "Qdrant").ReplicationHealth);
        var redis = rows.Single(r => r.Kind == "Redis");
        Assert.Equal((DrHealth.FAIL, DrHealth.FAIL), (redis.ReplicationHealth, redis.Health));
        Assert.Contains("Redis replica of region secondary (following primary): master_link_status is down", redis.Reasons);
    }

    [Theory]
    [InlineData(5.9, DrHealth.OK)]
    [InlineData(6.5, DrHealth.WARN)]
    [InlineData(7.1, DrHealth.FAIL)]
    public void A_qdrant_backup_is_ok_up_to_6_h_warn_up_to_the_7_h_alert_and_fail_after(double hours, DrHealth expected)
    {
        var rows = DrStatusBuilder.Build(At(new DateTimeOffset(DocsGood.CompletedAt).AddHours(hours), new MetricsInput { Backups = [DocsGood] }));

        Assert.Equal(expected, Assert.Single(rows).BackupHealth);
    }

    [Fact]
    public void A_failed_last_drill_fails_every_row()
    {
        var drills = new DrillHistory { Environment = "lab", Drills = [Drill("d9", DrillScenario.RegionalFailover, DrillVerdict.Failed, AsOf.AddHours(-1))] };
        var rows = DrStatusBuilder.Build(new MetricsInput { Backups = [MetricsSamples.Redis], Drills = [drills], AsOf = AsOf });

        Assert.Equal((DrHealth.FAIL, "RegionalFailover Failed"), (Assert.Single(rows).DrillHealth, rows[0].LastDrill));
        Assert.Equal(DrHealth.FAIL, rows[0].Health);
    }
}
