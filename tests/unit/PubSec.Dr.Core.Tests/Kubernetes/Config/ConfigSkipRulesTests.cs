using PubSec.Dr.Kubernetes.Config;

namespace PubSec.Dr.Tests.Kubernetes.Config;

public sealed class ConfigSkipRulesTests
{
    [Fact]
    public void OwnedPodsAndReplicaSets_AreSkipped_NamingTheirOwner()
    {
        var pod = ConfigSamples.Owned(ConfigSamples.Named("Pod", "v1", "api-7d9-x"), "ReplicaSet", "api-7d9");
        var replicaSet = ConfigSamples.Owned(ConfigSamples.Named("ReplicaSet", "apps/v1", "api-7d9"), "Deployment", "api");

        Assert.Contains("ReplicaSet/api-7d9", ConfigSkipRules.ReasonToSkip(ConfigResourceTypes.Pods, pod));
        Assert.Contains("Deployment/api", ConfigSkipRules.ReasonToSkip(ConfigResourceTypes.ReplicaSets, replicaSet));
    }

    [Fact]
    public void JobOfACronJob_IsSkipped_ButAJobOfItsOwn_IsKept()
    {
        var scheduled = ConfigSamples.Owned(ConfigSamples.Named("Job", "batch/v1", "nightly-2901"), "CronJob", "nightly");
        var own = ConfigSamples.Named("Job", "batch/v1", "migrate");

        Assert.Contains("CronJob/nightly", ConfigSkipRules.ReasonToSkip(ConfigResourceTypes.Jobs, scheduled));
        Assert.Null(ConfigSkipRules.ReasonToSkip(ConfigResourceTypes.Jobs, own));
    }

    [Fact]
    public void ClusterMadeObjects_AreSkipped()
    {
        Assert.NotNull(ConfigSkipRules.ReasonToSkip(ConfigResourceTypes.ConfigMaps, ConfigSamples.Named("ConfigMap", "v1", "kube-root-ca.crt")));
        Assert.NotNull(ConfigSkipRules.ReasonToSkip(ConfigResourceTypes.Secrets, ConfigSamples.Secret("default-token-abc", "kubernetes.io/service-account-token")));
        Assert.NotNull(ConfigSkipRules.ReasonToSkip(ConfigResourceTypes.ServiceAccounts, ConfigSamples.Named("ServiceAccount", "v1", "default")));
        Assert.Null(ConfigSkipRules.ReasonToSkip(ConfigResourceTypes.ServiceAccounts, ConfigSamples.Named("ServiceAccount", "v1", "qdrant")));
        Assert.Null(ConfigSkipRules.ReasonToSkip(ConfigResourceTypes.Secrets, ConfigSamples.Secret()));
    }
}
