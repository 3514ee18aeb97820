using PubSec.Dr.Environments;
using PubSec.Dr.Kubernetes;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Readiness;

namespace PubSec.Dr.Tests.Readiness;

public sealed class ReadinessRuleTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 2, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(10, ReadinessStatus.Passed)]
    [InlineData(30, ReadinessStatus.Passed)]
    [InlineData(45, ReadinessStatus.Warning)]
    [InlineData(60, ReadinessStatus.Warning)]
    [InlineData(61, ReadinessStatus.Failed)]
    public void A_backup_is_judged_by_its_age_against_Rpo_and_RpoMax(int minutesOld, ReadinessStatus expected)
    {
        var check = BackupRules.Judge(QdrantBackup.KindName, "docs", [Backup(minutesOld)], DrObjectives.Plan, Now, TimeSpan.Zero);

        Assert.Equal(expected, check.Status);
        Assert.Equal("Backup Qdrant/docs", check.Name);
    }

    [Fact]
    public void No_backup_at_all_fails()
    {
        var check = BackupRules.Judge(RedisBackup.KindName, "balances", [], DrObjectives.Plan, Now, TimeSpan.Zero);

        Assert.Equal(ReadinessStatus.Failed, check.Status);
        Assert.Equal("no backup", check.Observed);
    }

    [Fact]
    public void Only_a_restorable_backup_counts_and_a_newer_incomplete_or_forensic_one_is_passed_over()
    {
        var incomplete = Backup(1, BackupStatus.Incomplete);
        var forensic = Backup(2);
        forensic.Tags = [DrBackup.ForensicTag];
        var old = Backup(90);

        var check = BackupRules.Judge(QdrantBackup.KindName, "docs", [incomplete, forensic, old], DrObjectives.Plan, Now, TimeSpan.Zero);
        var none = BackupRules.Judge(QdrantBackup.KindName, "docs", [incomplete, forensic], DrObjectives.Plan, Now, TimeSpan.Zero);

        Assert.Equal(ReadinessStatus.Failed, check.Status);
        Assert.Contains(old.Id, check.Observed);
        Assert.Equal(ReadinessStatus.Failed, none.Status);
        Assert.Contains("2 not restorable", none.Observed);
    }

    [Theory]
    [InlineData("False")]
    [InlineData("Unknown")]
    public void A_node_that_is_not_Ready_fails_the_nodes_check_by_name(string condition)
    {
        var check = KubernetesProbe.Nodes([new("node-a", "True"), new("node-b", condition)], TimeSpan.Zero);

        Assert.Equal(ReadinessStatus.Failed, check.Status);
        Assert.Contains($"node-b ({condition})", check.Observed);
        Assert.DoesNotContain("node-a (", check.Observed);
    }

    [Fact]
    public void A_workload_below_its_desired_ready_replicas_fails()
    {
        Assert.Equal(ReadinessStatus.Failed, KubernetesProbe.Workload(new WorkloadReplicas("StatefulSet", "qdrant", 3, 2), TimeSpan.Zero).Status);
        Assert.Equal(ReadinessStatus.Passed, KubernetesProbe.Workload(new WorkloadReplicas("Deployment", "app", 2, 2), TimeSpan.Zero).Status);
        Assert.Equal("StatefulSet/qdrant", KubernetesProbe.Workload(new WorkloadReplicas("StatefulSet", "qdrant", 3, 2), TimeSpan.Zero).Name);
    }

    [Fact]
    public void A_replica_that_is_not_Active_is_named_with_shard_peer_and_state()
    {
        var node1 = new CollectionClusterInfo(11, 2, [new LocalShardInfo(0, 5, "Active")], [new RemoteShardInfo(1, 22, "Active"), new RemoteShardInfo(0, 33, "Dead")]);
        var node2 = new CollectionClusterInfo(22, 2, [new LocalShardInfo(1, 5, "Active")], [new RemoteShardInfo(0, 11, "Active")]);

        var (status, observed) = QdrantShardRules.Evaluate([new("n1", node1, null), new("n2", node2, null), new("n3", null, "refused")]);

        Assert.Equal(ReadinessStatus.Failed, status);
        Assert.Contains("shard 0 on peer 33: Dead", observed);
        Assert.Contains("not answering: n3", observed);
    }

    [Fact]
    public void A_nodes_own_view_of_its_shard_wins_over_what_others_remember()
    {
        var node1 = new CollectionClusterInfo(11, 1, [new LocalShardInfo(0, 5, "Active")], [new RemoteShardInfo(0, 22, "Partial")]);
        var node2 = new CollectionClusterInfo(22, 1, [new LocalShardInfo(0, 5, "Active")], [new RemoteShardInfo(0, 11, "Active")]);

        var (status, observed) = QdrantShardRules.Evaluate([new("n1", node1, null), new("n2", node2, null)]);

        Assert.Equal(ReadinessStatus.Passed, status);
        Assert.Contains("1 shard(s), 2 replica(s), all Active", observed);
    }

    [Fact]
    public void A_shard_with_no_replica_anywhere_fails()
    {
        var node1 = new CollectionClusterInfo(11, 2, [new LocalShardInfo(0, 5, "Active")], []);

        var (status, observed) = QdrantShardRules.Evaluate([new("n1", node1, null)]);

        Assert.Equal(ReadinessStatus.Failed, status);
        Assert.Contains("shard 1: no replica", observed);
    }

    private static QdrantBackup Backup(int minutesOld, BackupStatus status = BackupStatus.Succeeded) => new()
    {
        Id = $"docs-{minutesOld}",
        Collection = "docs",
        Status = status,
        StartedAt = Now.AddMinutes(-minutesOld),
        CompletedAt = Now.AddMinutes(-minutesOld).AddSeconds(20),
    };
}
