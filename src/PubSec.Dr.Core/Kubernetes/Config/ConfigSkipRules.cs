using System.Text.Json.Nodes;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>
/// Which listed objects a configuration backup leaves out, and the reason it records: what a controller or the
/// cluster itself recreates (pods and ReplicaSets of a workload, Jobs of a CronJob, the CA bundle every namespace
/// gets, service-account token Secrets, the default ServiceAccount), and pods and ReplicaSets in general.
/// </summary>
public static class ConfigSkipRules
{
    public const string RootCaConfigMap = "kube-root-ca.crt";
    public const string ServiceAccountTokenType = "kubernetes.io/service-account-token";
    public const string DefaultServiceAccount = "default";

    /// <summary>Why <paramref name="item"/> is not backed up, or null when it is.</summary>
    public static string? ReasonToSkip(ConfigResourceType type, JsonObject item)
    {
        var name = NameOf(item);
        if (type == ConfigResourceTypes.Pods || type == ConfigResourceTypes.ReplicaSets)
        {
            return Owner(item) is { } owner
                ? $"owned by {owner}, which recreates it"
                : $"a {type.Kind} without an owner is not configuration; declare it in a workload to have it backed up";
        }

        if (type == ConfigResourceTypes.Jobs && Owner(item) is { } cron && cron.StartsWith("CronJob/", StringComparison.Ordinal))
        {
            return $"created by {cron}, which the backup holds";
        }

        if (type == ConfigResourceTypes.ConfigMaps && name == RootCaConfigMap)
        {
            return "published into every namespace by the cluster";
        }

        if (type == ConfigResourceTypes.Secrets && item["type"]?.GetValue<string>() == ServiceAccountTokenType)
        {
            return "a service-account token the cluster issues for its ServiceAccount";
        }

        if (type == ConfigResourceTypes.ServiceAccounts && name == DefaultServiceAccount)
        {
            return "created in every namespace by the cluster";
        }

        return null;
    }

    public static string NameOf(JsonObject item) => item["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;

    // The controlling owner (controller: true), else the first owner.
    private static string? Owner(JsonObject item)
    {
        if (item["metadata"]?["ownerReferences"] is not JsonArray owners || owners.Count == 0)
        {
            return null;
        }

        var owner = owners.OfType<JsonObject>().FirstOrDefault(o => o["controller"]?.GetValue<bool>() == true) ?? owners.OfType<JsonObject>().FirstOrDefault();
        return owner is null ? null : $"{owner["kind"]?.GetValue<string>()}/{owner["name"]?.GetValue<string>()}";
    }
}
