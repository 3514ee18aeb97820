using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests;

/// <summary>The admin API's node stop/start/wipe and lost shard directories; each test has its own lab.</summary>
public sealed class NodeLifecycleTests
{
    [Fact]
    public async Task Stopped_node_closes_its_ports_peers_see_it_dead_and_it_returns_at_the_same_address_with_its_data()
    {
        await using var lab = await LabInstance.StartAsync();
        using var node0 = lab.Rest(0);
        await node0.CreateCollectionAsync("docs", shards: 3, replication: 2);
        await node0.UpsertAsync("docs", 1, 30);
        var rest1 = lab.RestUri(1);
        var grpc1 = lab.GrpcUri(1);

        (await lab.Admin.PostAsync("lab/nodes/1/stop", null)).EnsureSuccessStatusCode();

        await Assert.ThrowsAsync<SocketException>(() => ConnectAsync(rest1));
        await Assert.ThrowsAsync<SocketException>(() => ConnectAsync(grpc1));
        var view = await node0.ClusterInfoAsync("docs");
        Assert.All(view["remote_shards"]!.AsArray().Where(r => r!["peer_id"]!.GetValue<ulong>() == lab.PeerId(1)),
            r => Assert.Equal("Dead", r!["state"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await node0.GetAsync("readyz")).Status);
        Assert.Equal(30, await node0.CountAsync("docs"));
        Assert.False(Endpoints(lab)["nodes"]![1]!["running"]!.GetValue<bool>());

        (await lab.Admin.PostAsync("lab/nodes/1/start", null)).EnsureSuccessStatusCode();

        Assert.Equal(rest1, lab.RestUri(1));
        Assert.Equal(grpc1, lab.GrpcUri(1));
        using var node1 = lab.Rest(1);
        Assert.Equal(30, await node1.CountAsync("docs"));
        Assert.Equal(HttpStatusCode.OK, (await node1.GetAsync("readyz")).Status);
        Assert.True(Endpoints(lab)["nodes"]![1]!["running"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Writes_missed_while_stopped_are_resynced_by_a_transfer_after_start()
    {
        await using var lab = await LabInstance.StartAsync(transferDuration: TimeSpan.FromMilliseconds(300));
        using var node0 = lab.Rest(0);
        await node0.CreateCollectionAsync("docs", shards: 1, replication: 2);
        await node0.UpsertAsync("docs", 1, 5);
        (await lab.Admin.PostAsync("lab/nodes/1/stop", null)).EnsureSuccessStatusCode();
        await node0.UpsertAsync("docs", 6, 5);

        (await lab.Admin.PostAsync("lab/nodes/1/start", null)).EnsureSuccessStatusCode();

        using var node1 = lab.Rest(1);
        var settled = await Poll.UntilAsync(() => node1.ClusterInfoAsync("docs"),
            info => info["local_shards"]![0]!["state"]!.GetValue<string>() == "Active", "node 1's replica to be re-synced");
        Assert.Equal(10, settled["local_shards"]![0]!["points_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Wipe_needs_a_stopped_node_and_leaves_it_without_data()
    {
        await using var lab = await LabInstance.StartAsync();
        using var node0 = lab.Rest(0);
        await node0.CreateCollectionAsync("docs", shards: 1, replication: 2);
        await node0.UpsertAsync("docs", 1, 5);

        using (var refused = await lab.Admin.PostAsync("lab/nodes/1/wipe", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        (await lab.Admin.PostAsync("lab/nodes/1/stop", null)).EnsureSuccessStatusCode();
        (await lab.Admin.PostAsync("lab/nodes/1/wipe", null)).EnsureSuccessStatusCode();
        (await lab.Admin.PostAsync("lab/nodes/1/start", null)).EnsureSuccessStatusCode();

        using var node1 = lab.Rest(1);
        var local = (await node1.ClusterInfoAsync("docs"))["local_shards"]![0]!;
        Assert.Equal("Dead", local["state"]!.GetValue<string>());
        Assert.Equal(0, local["points_count"]!.GetValue<long>());
        Assert.Equal(5, await node1.CountAsync("docs"));
    }

    [Fact]
    public async Task A_removed_shard_directory_is_a_dead_replica_without_data_in_snapshots()
    {
        await using var lab = await LabInstance.StartAsync();
        using var node0 = lab.Rest(0);
        await node0.CreateCollectionAsync("docs", shards: 1, replication: 2);
        await node0.UpsertAsync("docs", 1, 8);

        Directory.Delete(lab.ShardDirectory(0, "docs", 0), recursive: true);

        var local = (await node0.ClusterInfoAsync("docs"))["local_shards"]![0]!;
        Assert.Equal("Dead", local["state"]!.GetValue<string>());
        Assert.Equal(0, local["points_count"]!.GetValue<long>());
        using var node1 = lab.Rest(1);
        Assert.Equal("Dead", (await node1.ClusterInfoAsync("docs"))["remote_shards"]![0]!["state"]!.GetValue<string>());
        Assert.Equal(8, await node0.CountAsync("docs"));
        var snapshot = await node0.CreateSnapshotAsync("docs");
        var entries = TarFiles.Read(await node0.DownloadAsync("docs", snapshot["name"]!.GetValue<string>()));
        Assert.Equal(["0/", "0/replica_state.json", "0/shard_config.json"], entries.Where(e => e.Name.StartsWith("0/", StringComparison.Ordinal)).Select(e => e.Name).Order());
    }

    private static JsonNode Endpoints(LabInstance lab) => JsonNode.Parse(File.ReadAllText(Path.Combine(lab.DataDirectory, "endpoints.json")))!;

    private static async Task ConnectAsync(Uri uri)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(uri.Host, uri.Port);
    }
}
