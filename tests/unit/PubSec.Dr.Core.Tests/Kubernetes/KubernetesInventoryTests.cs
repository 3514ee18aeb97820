using PubSec.Dr.Kubernetes;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Kubernetes;

/// <summary>The read-only inventory a readiness check takes, against the lab's TLS Kubernetes API.</summary>
public sealed class KubernetesInventoryTests(LabKubernetesApi lab) : IClassFixture<LabKubernetesApi>
{
    private static readonly KubernetesEnvironment Nowhere = new(null, "/nonexistent/.kube/config", null, null, "/nonexistent/serviceaccount");

    [Fact]
    public async Task Lists_the_nodes_with_their_Ready_condition_and_the_namespaces_workloads_with_replicas()
    {
        using var inventory = KubernetesInventory.Connect(new KubernetesTarget(lab.KubeconfigPath, null, lab.Namespace, "qdrant"), null, Nowhere);

        var nodes = await inventory.ListNodesAsync(CancellationToken.None);
        var workloads = await inventory.ListWorkloadsAsync(CancellationToken.None);

        Assert.NotEmpty(nodes);
        Assert.All(nodes, n => Assert.Equal("True", n.Ready));
        var qdrant = Assert.Single(workloads, w => w.ShortName == "StatefulSet/qdrant");
        Assert.Equal(1, qdrant.Desired);
        Assert.All(workloads, w => Assert.Contains(w.Kind, new[] { "Deployment", "StatefulSet" }));
    }
}
