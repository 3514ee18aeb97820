using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using PubSec.Dr.Lab.Kubernetes;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>The StatefulSet drives the Qdrant nodes: pods go and come with their nodes, readiness follows /readyz.</summary>
public sealed class StatefulSetControllerTests
{
    [Fact]
    public async Task Scale_to_zero_stops_every_node_and_scale_to_three_brings_them_back_at_the_same_ports_with_their_data()
    {
        await using var lab = await KubeLab.StartAsync();
        using var node0 = lab.Rest(0);
        await node0.CreateCollectionAsync("docs", shards: 3, replication: 2);
        await node0.UpsertAsync("docs", 1, 40);
        var addresses = Enumerable.Range(0, 3).Select(lab.RestUri).ToList();
        var peers = JsonNode.Parse(await node0.Http.GetStringAsync("cluster"))!["result"]!["peers"]!.AsObject().Select(p => p.Key).Order().ToList();

        await lab.ScaleToAsync(0);

        var terminating = await lab.WaitForPodsAsync(p => p.Count == 3 && p.All(x => x.Metadata.DeletionTimestamp is not null), "every pod Terminating");
        Assert.All(terminating, p => Assert.Equal(30, p.Metadata.DeletionGracePeriodSeconds));
        await lab.WaitForPodsAsync(p => p.Count == 0, "every pod gone");
        foreach (var address in addresses)
        {
            Assert.False(await KubeLab.AcceptsConnectionsAsync(address), $"{address} still accepts connections");
        }

        var empty = await lab.WaitForReadyAsync(0);
        Assert.Equal((0, 0, 0), (empty.Status.Replicas, empty.Status.CurrentReplicas.GetValueOrDefault(), empty.Status.AvailableReplicas.GetValueOrDefault()));
        var endpoints = JsonNode.Parse(File.ReadAllText(Path.Combine(lab.DataDirectory, "endpoints.json")))!;
        Assert.All(endpoints["nodes"]!.AsArray(), n => Assert.False(n!["running"]!.GetValue<bool>()));

        await lab.ScaleToAsync(3);

        var pending = await lab.WaitForPodsAsync(p => p.Count == 3, "three new pods");
        Assert.All(pending, p => Assert.NotEqual("True", p.Status.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status));
        await lab.WaitForReadyAsync(3);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(addresses[i], lab.RestUri(i));
            using var rest = lab.Rest(i);
            Assert.Equal(HttpStatusCode.OK, (await rest.GetAsync("readyz")).Status);
            Assert.Equal(40, await rest.CountAsync("docs"));
        }

        Assert.Equal(peers, JsonNode.Parse(await node0.Http.GetStringAsync("cluster"))!["result"]!["peers"]!.AsObject().Select(p => p.Key).Order().ToList());
    }

    [Fact]
    public async Task OrderedReady_waits_for_each_pod_and_a_pod_whose_readyz_fails_never_turns_ready()
    {
        await using var lab = await KubeLab.StartAsync(podManagementPolicy: PodManagementPolicies.OrderedReady);
        using var node0 = lab.Rest(0);
        await node0.CreateCollectionAsync("docs", shards: 1, replication: 3);
        var events = new List<(WatchEventType Type, string Name, bool Ready, bool Terminating)>();
        var listed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watching = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            await foreach (var (type, pod) in lab.Client.CoreV1.WatchListNamespacedPodAsync(KubeLab.Namespace, labelSelector: "app=qdrant", timeoutSeconds: 60, cancellationToken: watching.Token))
            {
                lock (events)
                {
                    events.Add((type, pod.Metadata.Name, pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true, pod.Metadata.DeletionTimestamp is not null));
                    if (events.Count == 3)
                    {
                        listed.SetResult();
                    }
                }
            }
        });
        await listed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await lab.ScaleToAsync(0);
        await lab.WaitForPodsAsync(p => p.Count == 0, "every pod gone", 15);

        // Scale-down one at a time from the highest ordinal: each pod is marked only after the one above is gone.
        await WatchedAsync(events, e => e.Name == "qdrant-0" && e.Type == WatchEventType.Deleted);
        var down = Snapshot(events).Where(e => e.Type == WatchEventType.Deleted || (e.Type == WatchEventType.Modified && e.Terminating)).ToList();
        Assert.Equal(
            ["qdrant-2:Modified", "qdrant-2:Deleted", "qdrant-1:Modified", "qdrant-1:Deleted", "qdrant-0:Modified", "qdrant-0:Deleted"],
            down.Select(e => $"{e.Name}:{e.Type}").Distinct());

        await lab.ScaleToAsync(3);

        // Node 0 alone cannot pass /readyz (its replica peers are down): pod 0 runs, never turns Ready, pod 1 never comes.
        var blocked = await lab.WaitForPodsAsync(p => p.Count == 1 && p[0].Status.Phase == "Running", "qdrant-0 Running");
        await Task.Delay(1000);
        var stillBlocked = await lab.QdrantPodsAsync();
        Assert.Equal("qdrant-0", Assert.Single(stillBlocked).Metadata.Name);
        Assert.Equal("False", stillBlocked[0].Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await node0.GetAsync("readyz")).Status);
        Assert.Equal(blocked[0].Metadata.Uid, stillBlocked[0].Metadata.Uid);

        // Without replicated collections /readyz passes, and the next ordinals follow one by one.
        (await node0.DeleteAsync("collections/docs")).AssertOk();
        await lab.WaitForReadyAsync(3);
        await WatchedAsync(events, e => e.Name == "qdrant-2" && e.Ready);
        await watching.CancelAsync();
        try
        {
            await watch;
        }
        catch (OperationCanceledException)
        {
            // The watch was cut on purpose.
        }

        var up = Snapshot(events).SkipWhile(e => !(e.Type == WatchEventType.Added && e.Name == "qdrant-0")).ToList();
        int FirstIndex(Func<(WatchEventType Type, string Name, bool Ready, bool Terminating), bool> what) => up.FindIndex(e => what(e));
        Assert.True(FirstIndex(e => e.Name == "qdrant-0" && e.Ready) < FirstIndex(e => e.Name == "qdrant-1" && e.Type == WatchEventType.Added), "qdrant-1 was created before qdrant-0 was Ready");
        Assert.True(FirstIndex(e => e.Name == "qdrant-1" && e.Ready) < FirstIndex(e => e.Name == "qdrant-2" && e.Type == WatchEventType.Added), "qdrant-2 was created before qdrant-1 was Ready");
    }

    [Fact]
    public async Task A_deleted_pod_is_recreated_and_its_node_restarted()
    {
        await using var lab = await KubeLab.StartAsync();
        var before = (await lab.QdrantPodsAsync())[1];

        var deleted = await lab.Client.CoreV1.DeleteNamespacedPodAsync("qdrant-1", KubeLab.Namespace);

        Assert.NotNull(deleted.Metadata.DeletionTimestamp);
        var pods = await lab.WaitForPodsAsync(p => p.Count == 3 && p[1].Metadata.Uid != before.Metadata.Uid && p.All(x => x.Status.Conditions.Any(c => c.Type == "Ready" && c.Status == "True")),
            "qdrant-1 recreated and Ready");
        Assert.Equal("qdrant-1", pods[1].Metadata.Name);
        Assert.NotEqual(before.Status.ContainerStatuses[0].ContainerID, pods[1].Status.ContainerStatuses[0].ContainerID);
        using var node1 = lab.Rest(1);
        Assert.Equal(HttpStatusCode.OK, (await node1.GetAsync("readyz")).Status);

        var forced = await lab.Client.CoreV1.DeleteNamespacedPodAsync("qdrant-2", KubeLab.Namespace, gracePeriodSeconds: 0);
        Assert.Equal(forced.Metadata.Uid, pods[2].Metadata.Uid);
        await lab.WaitForPodsAsync(p => p.Count == 3 && p[2].Metadata.Uid != forced.Metadata.Uid && p[2].Status.Conditions.Any(c => c.Type == "Ready" && c.Status == "True"), "qdrant-2 replaced");
        await lab.WaitForReadyAsync(3);
    }

    [Fact]
    public async Task Deleting_an_application_pod_brings_a_replacement_with_a_new_name()
    {
        await using var lab = await KubeLab.StartAsync();
        var worker = Assert.Single((await lab.Client.CoreV1.ListNamespacedPodAsync(KubeLab.Namespace, labelSelector: "app=worker")).Items);

        await lab.Client.CoreV1.DeleteNamespacedPodAsync(worker.Metadata.Name, KubeLab.Namespace);

        var replaced = await Poll.UntilAsync(() => lab.Client.CoreV1.ListNamespacedPodAsync(KubeLab.Namespace, labelSelector: "app=worker"),
            list => list.Items.Count == 1 && list.Items[0].Metadata.Name != worker.Metadata.Name, "a replacement worker pod");
        Assert.StartsWith(worker.Metadata.GenerateName, replaced.Items[0].Metadata.Name, StringComparison.Ordinal);
    }

    /// <summary>The watch stream trails the store a little: wait until it delivered the event of interest.</summary>
    private static Task WatchedAsync(List<(WatchEventType Type, string Name, bool Ready, bool Terminating)> events, Func<(WatchEventType Type, string Name, bool Ready, bool Terminating), bool> which) =>
        Poll.UntilAsync(() => Task.FromResult(Snapshot(events)), e => e.Any(which), "the watch to deliver the event");

    private static List<T> Snapshot<T>(List<T> events)
    {
        lock (events)
        {
            return [.. events];
        }
    }
}
