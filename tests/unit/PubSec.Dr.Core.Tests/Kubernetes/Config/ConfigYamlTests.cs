using System.Text.Json.Nodes;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes.Config;

namespace PubSec.Dr.Tests.Kubernetes.Config;

public sealed class ConfigYamlTests
{
    [Fact]
    public void SerializeThenParse_GivesTheSameObjects_AsOneMultiDocumentStream()
    {
        var objects = new[]
        {
            ConfigObjectCleaner.Clean(ConfigSamples.ConfigMap(), ConfigResourceTypes.ConfigMaps),
            ConfigObjectCleaner.Clean(ConfigSamples.Claim(), ConfigResourceTypes.PersistentVolumeClaims),
            ConfigObjectCleaner.Clean(ConfigSamples.Deployment(), ConfigResourceTypes.Deployments),
            ConfigObjectCleaner.Clean(ConfigSamples.Service("qdrant-headless", "None"), ConfigResourceTypes.Services),
        };

        var yaml = ConfigYaml.Serialize(objects);
        var parsed = ConfigYaml.Parse(yaml, "config.yaml");

        Assert.Equal(3, yaml.Split("\n---\n").Length - 1);
        Assert.Equal(objects.Length, parsed.Count);
        for (var i = 0; i < objects.Length; i++)
        {
            Assert.Empty(ConfigObjectDiff.Differences(objects[i], parsed[i]));
            Assert.Empty(ConfigObjectDiff.Differences(parsed[i], objects[i]));
        }
    }

    [Fact]
    public void Secret_RoundTripsItsBase64Data()
    {
        var yaml = ConfigYaml.Serialize([ConfigSamples.Secret()]);
        var parsed = Assert.Single(ConfigYaml.Parse(yaml, "secrets.yaml"));

        Assert.Contains(ConfigSamples.Base64(ConfigSamples.SecretValue), yaml, StringComparison.Ordinal);
        Assert.Equal(ConfigSamples.Base64(ConfigSamples.SecretValue), parsed["data"]!["openai-api-key"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_RefusesKindsAConfigurationBackupDoesNotHold()
    {
        var ex = Assert.Throws<DrException>(() => ConfigYaml.Parse("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n", "config.yaml"));
        Assert.Equal(ErrorIds.KubernetesConfigBackupInvalid, ex.ErrorId);
        Assert.Throws<DrException>(() => ConfigYaml.Parse("apiVersion: v1\nkind: [oops\n", "config.yaml"));
    }

    [Fact]
    public void RestoreOrder_PutsDependenciesBeforeWorkloadsAndServicesAfter()
    {
        var kinds = ConfigResourceTypes.InRestoreOrder.Select(t => t.Kind).ToList();
        Assert.True(kinds.IndexOf("ConfigMap") < kinds.IndexOf("StatefulSet"));
        Assert.True(kinds.IndexOf("Secret") < kinds.IndexOf("Deployment"));
        Assert.True(kinds.IndexOf("PersistentVolumeClaim") < kinds.IndexOf("StatefulSet"));
        Assert.True(kinds.IndexOf("RoleBinding") < kinds.IndexOf("ConfigMap"));
        Assert.True(kinds.IndexOf("CronJob") < kinds.IndexOf("Service"));
        Assert.Equal("HorizontalPodAutoscaler", kinds[^1]);
    }
}
