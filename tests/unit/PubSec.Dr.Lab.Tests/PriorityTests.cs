using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests;

/// <summary>Reference §9.3: what `priority` does to the other replicas of a recovered shard.</summary>
[Collection(SharedLab.Name)]
public sealed class PriorityTests(SharedLab shared)
{
    private LabInstance Lab => shared.Lab;

    [Fact]
    public async Task Snapshot_priority_marks_other_replicas_dead_then_transfers_the_restored_data_to_them()
    {
        var (name, snapshot) = await ReplicatedCollectionWithSnapshotAsync();
        using var node0 = Lab.Rest(0);

        (await node0.UploadAsync(name, snapshot, "?priority=snapshot")).AssertOk();

        var during = await node0.ClusterInfoAsync(name);
        Assert.Equal("Active", during["local_shards"]![0]!["state"]!.GetValue<string>());
        Assert.All(during["remote_shards"]!.AsArray(), r => Assert.Contains(r!["state"]!.GetValue<string>(), new[] { "Dead", "Partial" }));
        var transfers = during["shard_transfers"]!.AsArray();
        Assert.Equal(2, transfers.Count);
        Assert.All(transfers, t => Assert.Equal(Lab.PeerId(0), t!["from"]!.GetValue<ulong>()));

        await WaitUntilSettledAsync(name);
        for (var node = 0; node < 3; node++)
        {
            using var client = Lab.Rest(node);
            Assert.Equal(10, LocalPoints(await client.ClusterInfoAsync(name)));
        }
    }

    [Fact]
    public async Task Replica_priority_lets_the_cluster_data_win_over_the_snapshot()
    {
        var (name, snapshot) = await ReplicatedCollectionWithSnapshotAsync();
        using var node0 = Lab.Rest(0);

        (await node0.UploadAsync(name, snapshot, "?priority=replica")).AssertOk();

        var during = await node0.ClusterInfoAsync(name);
        Assert.NotEqual("Active", during["local_shards"]![0]!["state"]!.GetValue<string>());
        Assert.Single(during["shard_transfers"]!.AsArray());
        Assert.Equal(Lab.PeerId(0), during["shard_transfers"]![0]!["to"]!.GetValue<ulong>());
        await WaitUntilSettledAsync(name);
        Assert.Equal(15, LocalPoints(await node0.ClusterInfoAsync(name)));
    }

    [Fact]
    public async Task No_sync_priority_activates_the_restored_replica_and_leaves_the_others_diverged()
    {
        var (name, snapshot) = await ReplicatedCollectionWithSnapshotAsync();
        using var node0 = Lab.Rest(0);
        using var node1 = Lab.Rest(1);

        (await node0.UploadAsync(name, snapshot, "?priority=no_sync")).AssertOk();

        var info = await node0.ClusterInfoAsync(name);
        Assert.Empty(info["shard_transfers"]!.AsArray());
        Assert.All(info["remote_shards"]!.AsArray(), r => Assert.Equal("Active", r!["state"]!.GetValue<string>()));
        Assert.Equal(10, LocalPoints(info));
        Assert.Equal(15, LocalPoints(await node1.ClusterInfoAsync(name)));
    }

    /// <summary>One shard replicated on all three nodes: snapshot node 0 at 10 points, then grow to 15.</summary>
    private async Task<(string Name, byte[] Snapshot)> ReplicatedCollectionWithSnapshotAsync()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(name, shards: 1, replication: 3);
        await rest.UpsertAsync(name, 1, 10);
        var snapshot = await rest.CreateSnapshotAsync(name);
        var bytes = await rest.DownloadAsync(name, snapshot["name"]!.GetValue<string>());
        await rest.UpsertAsync(name, 11, 5);
        return (name, bytes);
    }

    private async Task WaitUntilSettledAsync(string name)
    {
        using var rest = Lab.Rest(1);
        await Poll.UntilAsync(() => rest.ClusterInfoAsync(name), info =>
            info["shard_transfers"]!.AsArray().Count == 0
            && info["local_shards"]!.AsArray().Concat(info["remote_shards"]!.AsArray()).All(s => s!["state"]!.GetValue<string>() == "Active"),
            "every replica Active and no transfer left");
    }

    private static long LocalPoints(JsonObject info) => info["local_shards"]![0]!["points_count"]!.GetValue<long>();
}
