using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>The cluster around the application: namespaces (each with its <c>kube-root-ca.crt</c> ConfigMap and <c>default</c> ServiceAccount) and three Ready worker nodes.</summary>
internal static class InfrastructureSeed
{
    private static readonly string[] Namespaces = ["default", "kube-node-lease", "kube-public", "kube-system", ClusterLayout.Namespace];

    public static IEnumerable<(ResourceType Type, JsonObject Object)> Objects()
    {
        foreach (var name in Namespaces)
        {
            yield return (ResourceTypes.Namespaces, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name } },
                ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            });
            yield return (ResourceTypes.ConfigMaps, RootCaConfigMap(name));
            yield return (ResourceTypes.ServiceAccounts, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = name } });
        }

        for (var i = 0; i < ClusterLayout.NodeCount; i++)
        {
            yield return (ResourceTypes.Nodes, Node(i));
        }
    }

    /// <summary>The <c>kube-root-ca.crt</c> ConfigMap the root-ca-cert-publisher puts in every namespace.</summary>
    public static JsonObject RootCaConfigMap(string ns) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = "kube-root-ca.crt",
            ["namespace"] = ns,
            ["annotations"] = new JsonObject { ["kubernetes.io/description"] = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." },
        },
        ["data"] = new JsonObject { ["ca.crt"] = "-----BEGIN CERTIFICATE-----\nTUlJQ0xBQiBDQSAtIG5vdCBhIHJlYWwgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n" },
    };

    private static JsonObject Node(int i)
    {
        var now = KubeTime.Now();
        JsonObject Condition(string type, string status, string reason, string message) => new()
        {
            ["type"] = type,
            ["status"] = status,
            ["lastHeartbeatTime"] = now,
            ["lastTransitionTime"] = now,
            ["reason"] = reason,
            ["message"] = message,
        };

        var name = ClusterLayout.NodeName(i);
        var resources = new JsonObject { ["cpu"] = "4", ["ephemeral-storage"] = "129886128Ki", ["memory"] = "16375164Ki", ["pods"] = "110" };
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject
                {
                    ["beta.kubernetes.io/arch"] = "amd64",
                    ["beta.kubernetes.io/os"] = "linux",
                    ["kubernetes.io/arch"] = "amd64",
                    ["kubernetes.io/hostname"] = name,
                    ["kubernetes.io/os"] = "linux",
                    ["node.kubernetes.io/instance-type"] = "Standard_D4s_v5",
                    ["topology.kubernetes.io/region"] = "canadacentral",
                    ["topology.kubernetes.io/zone"] = $"canadacentral-{i + 1}",
                },
            },
            ["spec"] = new JsonObject { ["podCIDR"] = $"10.244.{i}.0/24", ["podCIDRs"] = new JsonArray($"10.244.{i}.0/24") },
            ["status"] = new JsonObject
            {
                ["capacity"] = resources.DeepClone(),
                ["allocatable"] = resources,
                ["conditions"] = new JsonArray(
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status")),
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = ClusterLayout.NodeIp(i) },
                    new JsonObject { ["type"] = "Hostname", ["address"] = name }),
                ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
                ["nodeInfo"] = new JsonObject
                {
                    ["machineID"] = KubeNames.Digest(name)[7..39],
                    ["systemUUID"] = Guid.NewGuid().ToString(),
                    ["bootID"] = Guid.NewGuid().ToString(),
                    ["kernelVersion"] = "5.15.0-1079-azure",
                    ["osImage"] = "Ubuntu 22.04.5 LTS",
                    ["containerRuntimeVersion"] = "containerd://1.7.27-1",
                    ["kubeletVersion"] = KubeVersion.GitVersion,
                    ["kubeProxyVersion"] = KubeVersion.GitVersion,
                    ["operatingSystem"] = "linux",
                    ["architecture"] = "amd64",
                },
            },
        };
    }
}
