using PubSec.Dr.Kubernetes.Config;

namespace PubSec.Dr.Tests.Kubernetes.Config;

public sealed class ConfigObjectDiffTests
{
    [Fact]
    public void SameDeclaredFields_WithServerDefaultsAndMetadata_IsNoDifference()
    {
        var desired = ConfigObjectCleaner.Clean(ConfigSamples.Deployment(), ConfigResourceTypes.Deployments);
        var live = new FakeKubernetesObjects().Seed(ConfigResourceTypes.Deployments, ConfigSamples.Deployment());
        live["spec"]!["template"]!["spec"]!["containers"]![0]!["terminationMessagePath"] = "/dev/termination-log";
        live["spec"]!["progressDeadlineSeconds"] = 600;

        Assert.Empty(ConfigObjectDiff.Differences(desired, live));
    }

    [Fact]
    public void ChangedFields_AreNamedByPath()
    {
        var desired = ConfigObjectCleaner.Clean(ConfigSamples.Deployment(replicas: 3), ConfigResourceTypes.Deployments);
        var live = ConfigSamples.Deployment(replicas: 1);
        live["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "pubsec/api:1.4.1";
        live["metadata"]!["labels"]!["app"] = "other";

        Assert.Equal(["metadata.labels.app", "spec.replicas", "spec.template.spec.containers[0].image"], ConfigObjectDiff.Differences(desired, live).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ConfigMapAndSecretData_DifferByKey_NeverByValue()
    {
        Assert.Equal(["data.LOG_LEVEL"], ConfigObjectDiff.Differences(ConfigSamples.ConfigMap("debug"), ConfigSamples.ConfigMap("info")));
        var paths = ConfigObjectDiff.Differences(ConfigSamples.Secret(value: "new"), ConfigSamples.Secret(value: "old"));
        Assert.Equal(["data.openai-api-key"], paths);
        Assert.DoesNotContain(paths, p => p.Contains(ConfigSamples.Base64("new"), StringComparison.Ordinal));
    }

    [Fact]
    public void ListOfOtherLength_IsOneDifference_AndIntOrStringPortsDiffer()
    {
        var desired = ConfigSamples.Service("api", "None");
        var live = ConfigSamples.Service("api", "None");
        live["spec"]!["ports"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["port"] = 1 });
        Assert.Equal(["spec.ports"], ConfigObjectDiff.Differences(desired, live));

        live = ConfigSamples.Service("api", "None");
        live["spec"]!["ports"]![0]!["targetPort"] = "6333";
        Assert.Equal(["spec.ports[0].targetPort"], ConfigObjectDiff.Differences(desired, live));
    }

    [Fact]
    public void Merge_KeepsAllocatedValuesAndResourceVersion_AndTakesTheBackupsFields()
    {
        var live = new FakeKubernetesObjects().Seed(ConfigResourceTypes.Services, ConfigSamples.Service("qdrant", "10.0.0.7"));
        var desired = ConfigObjectCleaner.Clean(ConfigSamples.Service("qdrant", "10.9.9.9"), ConfigResourceTypes.Services);
        desired["spec"]!["selector"]!["app"] = "qdrant-v2";

        var merged = ConfigObjectMerge.ForReplace(desired, live);

        Assert.Equal("10.0.0.7", merged["spec"]!["clusterIP"]!.GetValue<string>());
        Assert.Equal(live["metadata"]!["resourceVersion"]!.GetValue<string>(), merged["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("qdrant-v2", merged["spec"]!["selector"]!["app"]!.GetValue<string>());
        Assert.Null(merged["status"]);
        Assert.Null(merged["metadata"]!["managedFields"]);
    }
}
