using PubSec.Dr.Metrics;
using Xunit;
using static PubSec.Dr.Tests.Metrics.MetricsSamples;

namespace PubSec.Dr.Tests.Metrics;

public sealed class DrStatusBuilderTests
{
    private static MetricsInput At(DateTimeOffset asOf, MetricsInput? input = null)
    {
        var source = input ?? Input();
        return new MetricsInput { Backups = source.Backups, Proofs = source.Proofs, Drills = source.Drills, AsOf = asOf };
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
        Assert.Equal(["newest backup 12 h old (OK up to 6 h, FAIL after 7 h)"], docs.Reasons);
        Assert.Equal((DrHealth.FAIL, DrHealth.WARN), (rows[1].BackupHealth, rows[1].VerifiedHealth));
        Assert.Equal((DrHealth.OK, DrHealth.OK, "Invoke-DrDrill DatabaseRestore d1"), (rows[2].BackupHealth, rows[2].Health, rows[2].VerifiedBy));
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
