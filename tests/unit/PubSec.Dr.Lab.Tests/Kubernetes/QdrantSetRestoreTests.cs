using System.Net;
using System.Text.Json.Nodes;
using k8s;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>A configuration restore over the primary: the qdrant set deleted and created again from its backup.</summary>
public sealed class QdrantSetRestoreTests
{
    [Fact]
    public async Task Deleting_the_qdrant_set_stops_its_nodes_and_creating_it_again_brings_them_back_on_the_same_claims()
    {
        await using var lab = await KubeLab.StartAsync();
        var claims = (await lab.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(KubeLab.Namespace, labelSelector: "app=qdrant")).Items.Select(c => c.Metadata.Uid).ToList();
        var (_, backup) = await lab.SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/pubsec-info-assistant/statefulsets/qdrant");
        foreach (var field in new[] { "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields" })
        {
            backup["metadata"]!.AsObject().Remove(field);
        }

        backup.Remove("status");

        var (deleted, _) = await lab.SendAsync(HttpMethod.Delete, "/apis/apps/v1/namespaces/pubsec-info-assistant/statefulsets/qdrant");

        Assert.Equal(HttpStatusCode.OK, deleted);
        await lab.WaitForPodsAsync(p => p.Count == 0, "the qdrant pods to be collected");
        await Poll.UntilAsync(async () => await KubeLab.AcceptsConnectionsAsync(lab.RestUri(0)), up => !up, "node 0 to stop");

        var (created, _) = await lab.SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/pubsec-info-assistant/statefulsets", backup.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, created);
        await lab.WaitForReadyAsync(3, timeoutSeconds: 20);
        Assert.True(await KubeLab.AcceptsConnectionsAsync(lab.RestUri(0)));
        Assert.Equal(claims, (await lab.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(KubeLab.Namespace, labelSelector: "app=qdrant")).Items.Select(c => c.Metadata.Uid).ToList());
    }
}
