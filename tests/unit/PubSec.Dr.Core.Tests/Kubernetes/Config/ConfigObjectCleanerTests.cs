using System.Text.Json.Nodes;
using PubSec.Dr.Kubernetes.Config;

namespace PubSec.Dr.Tests.Kubernetes.Config;

public sealed class ConfigObjectCleanerTests
{
    [Fact]
    public void Clean_RemovesServerSetMetadataStatusAndNamespace_AndSetsApiVersionAndKind()
    {
        var fake = new FakeKubernetesObjects();
        var live = fake.Seed(ConfigResourceTypes.Deployments, ConfigSamples.Deployment());
        live.Remove("apiVersion");
        live.Remove("kind");
        live["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = "X" });
        live["metadata"]!["generation"] = 4;

        var cleaned = ConfigObjectCleaner.Clean(live, ConfigResourceTypes.Deployments);

        Assert.Equal("apps/v1", cleaned["apiVersion"]!.GetValue<string>());
        Assert.Equal("Deployment", cleaned["kind"]!.GetValue<string>());
        Assert.Null(cleaned["status"]);
        var metadata = cleaned["metadata"]!.AsObject();
        Assert.Equal(["annotations", "labels", "name"], metadata.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("search", metadata["annotations"]!["team"]!.GetValue<string>());
        Assert.Null(metadata["annotations"]!["deployment.kubernetes.io/revision"]);
        Assert.Equal(2, cleaned["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public void Clean_Service_DropsAllocatedClusterIps()
    {
        var cleaned = ConfigObjectCleaner.Clean(ConfigSamples.Service("qdrant", "10.0.0.7"), ConfigResourceTypes.Services);

        Assert.Null(cleaned["spec"]!["clusterIP"]);
        Assert.Null(cleaned["spec"]!["clusterIPs"]);
        Assert.NotNull(cleaned["spec"]!["ports"]);
    }

    [Fact]
    public void Clean_HeadlessService_KeepsClusterIpNone()
    {
        var cleaned = ConfigObjectCleaner.Clean(ConfigSamples.Service("qdrant-headless", "None"), ConfigResourceTypes.Services);

        Assert.Equal("None", cleaned["spec"]!["clusterIP"]!.GetValue<string>());
        Assert.Null(cleaned["spec"]!["clusterIPs"]);
    }

    [Fact]
    public void Clean_Claim_DropsVolumeNameBindAnnotationsAndProtectionFinalizer()
    {
        var cleaned = ConfigObjectCleaner.Clean(ConfigSamples.Claim(), ConfigResourceTypes.PersistentVolumeClaims);

        Assert.Null(cleaned["spec"]!["volumeName"]);
        Assert.Null(cleaned["metadata"]!["annotations"]);
        Assert.Null(cleaned["metadata"]!["finalizers"]);
        Assert.Equal("10Gi", cleaned["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>());
    }

    [Fact]
    public void Clean_Job_DropsGeneratedSelectorAndControllerLabels()
    {
        var job = JsonNode.Parse("""
            { "metadata": { "name": "reindex", "labels": { "controller-uid": "u1", "team": "search" } },
              "spec": { "selector": { "matchLabels": { "controller-uid": "u1" } },
                        "template": { "metadata": { "labels": { "controller-uid": "u1", "job-name": "reindex" } }, "spec": { "restartPolicy": "Never" } } } }
            """)!.AsObject();

        var cleaned = ConfigObjectCleaner.Clean(job, ConfigResourceTypes.Jobs);

        Assert.Null(cleaned["spec"]!["selector"]);
        Assert.Equal("search", cleaned["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Null(cleaned["metadata"]!["labels"]!["controller-uid"]);
        Assert.Null(cleaned["spec"]!["template"]!["metadata"]!["labels"]);
    }
}
