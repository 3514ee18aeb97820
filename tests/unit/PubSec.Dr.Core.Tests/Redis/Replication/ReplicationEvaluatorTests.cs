using System.Net;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Replication;

namespace PubSec.Dr.Tests.Redis.Replication;

/// <summary>The verdict and lag figures from INFO replication text, for the cases the lab cannot stage quickly.</summary>
public sealed class ReplicationEvaluatorTests
{
    private static readonly RedisEndpoint Primary = new("10.0.0.1:6379");
    private static readonly RedisEndpoint Replica = new("10.0.0.2:6380");
    private static readonly ReplicationEvaluator.Limits Limits = new(1 << 20, 10);

    private static RedisServerInfo PrimaryInfo(long offset, string state = "online", long ackOffset = 1000, long ackAge = 0) => RedisServerInfo.Parse(
        $"# Replication\r\nrole:master\r\nconnected_slaves:2\r\nslave0:ip=10.0.0.9,port=6381,state=online,offset=1,lag=99\r\n" +
        $"slave1:ip=10.0.0.2,port=6380,state={state},offset={ackOffset},lag={ackAge}\r\nmaster_repl_offset:{offset}\r\n");

    private static RedisServerInfo ReplicaInfo(long offset, string link = "up", long io = 1, int syncing = 0) => RedisServerInfo.Parse(
        $"role:slave\r\nmaster_link_status:{link}\r\nmaster_last_io_seconds_ago:{(link == "up" ? io : -1)}\r\nmaster_sync_in_progress:{syncing}\r\n" +
        $"slave_repl_offset:{offset}\r\nmaster_link_down_since_seconds:{(link == "up" ? -1 : 42)}\r\n");

    private static RedisReplicationStatus Evaluate(RedisServerInfo primary, RedisServerInfo? replica, string? problem = null) =>
        ReplicationEvaluator.Evaluate(Primary, Replica, primary, replica, problem, [IPAddress.Parse("10.0.0.2")], Limits, DateTime.UtcNow);

    [Fact]
    public void A_caught_up_replica_is_healthy_with_zero_lag_and_rpo()
    {
        var status = Evaluate(PrimaryInfo(5000, ackOffset: 5000), ReplicaInfo(5000));
        Assert.Equal(RedisReplicationVerdict.Healthy, status.Verdict);
        Assert.Equal(0, status.LagBytes);
        Assert.Equal(0, status.LagSeconds);
        Assert.Equal(0, status.RpoSeconds);
        Assert.Equal(1, status.SecondsSinceLastContact);
        Assert.Empty(status.Reasons);
    }

    [Fact]
    public void A_silent_replica_is_judged_from_the_primarys_entry_for_its_port_and_address()
    {
        var status = Evaluate(PrimaryInfo(9000, ackOffset: 7000, ackAge: 6), null, "did not answer within 5 s.");
        Assert.Equal(RedisReplicationVerdict.Unhealthy, status.Verdict);
        Assert.Equal(7000, status.ReplicaOffset);
        Assert.Equal(2000, status.LagBytes);
        Assert.Equal(6, status.LagSeconds);
        Assert.Equal(7, status.RpoSeconds);
        Assert.Equal("unknown", status.LinkStatus);
        Assert.Contains(status.Reasons, r => r.Contains("did not answer"));
    }

    [Fact]
    public void A_link_down_or_resync_or_lag_over_the_limits_is_unhealthy_with_a_reason_each()
    {
        var down = Evaluate(PrimaryInfo(9000, state: "wait_bgsave"), ReplicaInfo(8000, link: "down", syncing: 1));
        Assert.Equal(RedisReplicationVerdict.Unhealthy, down.Verdict);
        Assert.Equal(42, down.SecondsSinceLastContact);
        Assert.Equal(42, down.LagSeconds);
        Assert.Equal(4, down.Reasons.Length);

        var behind = Evaluate(PrimaryInfo(3_000_000, ackOffset: 100), ReplicaInfo(100, io: 0));
        Assert.Equal(RedisReplicationVerdict.Unhealthy, behind.Verdict);
        Assert.Contains(behind.Reasons, r => r.Contains("-MaxLagBytes"));
    }

    [Fact]
    public void A_replica_the_primary_does_not_list_is_unhealthy()
    {
        var other = new RedisEndpoint("10.0.0.3:7000");
        var status = ReplicationEvaluator.Evaluate(Primary, other, PrimaryInfo(10), null, "timed out.", [], Limits, DateTime.UtcNow);
        Assert.False(status.ListedByPrimary);
        Assert.Null(status.LagBytes);
        Assert.Null(status.RpoSeconds);
        Assert.Equal(RedisReplicationVerdict.Unhealthy, status.Verdict);
    }
}
