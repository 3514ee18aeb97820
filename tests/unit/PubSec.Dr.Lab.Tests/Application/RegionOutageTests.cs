using System.Net;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Kubernetes;
using PubSec.Dr.Lab.Tests.Kubernetes;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests.Application;

/// <summary>
/// POST /lab/region/down and /lab/region/up: every listener of the region but the admin API refuses connections
/// while it is down, and it comes back at the same addresses with its data and its Kubernetes state.
/// </summary>
public sealed class RegionOutageTests
{
    [Fact]
    public async Task Region_down_refuses_app_nodes_and_kubernetes_and_region_up_brings_them_back_with_their_data()
    {
        await using var lab = await AppLab.StartAsync();
        await lab.Rest(0).CreateCollectionAsync(AppLab.Collection, shards: 2, replication: 2);
        await lab.Rest(0).UpsertAsync(AppLab.Collection, 0, 40);
        var api = new Uri(lab.Host.Kubernetes!.ApiUri);
        var nodes = lab.Host.Cluster.Nodes.Select(n => new Uri(n.RestUri)).ToList();
        await Poll.UntilAsync(lab.AcceptsAsync, open => open, "the application port to open");

        var down = await PostAsync(lab, "/lab/region/down");

        Assert.True(down["down"]!.GetValue<bool>());
        Assert.False(down["application"]!.GetValue<bool>());
        Assert.All(down["nodes"]!.AsArray(), n => Assert.False(n!["running"]!.GetValue<bool>()));
        Assert.False(await lab.AcceptsAsync());
        Assert.False(await KubeLab.AcceptsConnectionsAsync(api));
        foreach (var node in nodes)
        {
            Assert.False(await KubeLab.AcceptsConnectionsAsync(node));
        }

        // Still down a while later: nothing (the stub's Deployment check, a controller) reopens a port.
        await Task.Delay(400);
        Assert.False(await lab.AcceptsAsync());
        Assert.True((await PostAsync(lab, "/lab/region/down"))["down"]!.GetValue<bool>());

        var up = await PostAsync(lab, "/lab/region/up");

        Assert.False(up["down"]!.GetValue<bool>());
        Assert.All(up["nodes"]!.AsArray(), n => Assert.True(n!["running"]!.GetValue<bool>()));
        Assert.Equal(api.ToString(), new Uri(lab.Host.Kubernetes!.ApiUri).ToString());
        Assert.True(await KubeLab.AcceptsConnectionsAsync(api));
        Assert.Equal(40, await lab.Rest(2).CountAsync(AppLab.Collection));
        await Poll.UntilAsync(lab.AcceptsAsync, open => open, "the application port to reopen");
        var ready = await Poll.UntilAsync(() => lab.GetAsync("/ready"), r => r.Status == HttpStatusCode.OK, "the application to be ready");
        Assert.Equal(AppLab.Region, ready.Region);
        var store = lab.Host.Kubernetes.Store;
        var pods = store.List(ResourceTypes.Pods, ClusterLayout.Namespace).Items.Where(p => p.Metadata()["labels"]?["app"]?.GetValue<string>() == "qdrant").ToList();
        Assert.Equal(3, pods.Count);
        await Poll.UntilAsync(() => Task.FromResult(store.Get(ResourceTypes.StatefulSets, ClusterLayout.Namespace, "qdrant")!["status"]?["readyReplicas"]?.GetValue<int>() ?? 0),
            ready => ready == 3, "3 ready Qdrant pods");
    }

    [Fact]
    public async Task Region_state_and_endpoints_file_keep_the_kubernetes_entry_while_down()
    {
        await using var lab = await AppLab.StartAsync();
        var endpoints = Path.Combine(lab.DataDirectory, "endpoints.json");
        var before = JsonNode.Parse(await File.ReadAllTextAsync(endpoints))!["kubernetes"]!.ToJsonString();

        await PostAsync(lab, "/lab/region/down");

        var whileDown = JsonNode.Parse(await File.ReadAllTextAsync(endpoints))!;
        Assert.Equal(before, whileDown["kubernetes"]!.ToJsonString());
        Assert.All(whileDown["nodes"]!.AsArray(), n => Assert.False(n!["running"]!.GetValue<bool>()));
        var status = JsonNode.Parse(await lab.Admin.GetStringAsync("/lab/region"))!;
        Assert.True(status["down"]!.GetValue<bool>());
        Assert.False(status["kubernetes"]!.GetValue<bool>());

        await PostAsync(lab, "/lab/region/up");
        Assert.False(JsonNode.Parse(await lab.Admin.GetStringAsync("/lab/region"))!["down"]!.GetValue<bool>());
    }

    private static async Task<JsonNode> PostAsync(AppLab lab, string path)
    {
        using var response = await lab.Admin.PostAsync(path, null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
