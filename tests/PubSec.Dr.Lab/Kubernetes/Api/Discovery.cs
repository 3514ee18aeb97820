using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The discovery documents a client or kubectl reads first: <c>/version</c>, <c>/api</c>, <c>/apis</c> and the
/// resource lists of <c>/api/v1</c> and <c>/apis/apps/v1</c> (the lab's resources only).
/// </summary>
internal static class Discovery
{
    // kubectl resolves `get pvc`, `get sts` and `get all` from these discovery fields, as the apiserver publishes them.
    private static readonly Dictionary<string, string[]> ShortNames = new(StringComparer.Ordinal)
    {
        ["namespaces"] = ["ns"], ["nodes"] = ["no"], ["persistentvolumes"] = ["pv"], ["pods"] = ["po"], ["services"] = ["svc"],
        ["configmaps"] = ["cm"], ["persistentvolumeclaims"] = ["pvc"], ["statefulsets"] = ["sts"], ["deployments"] = ["deploy"], ["replicasets"] = ["rs"],
    };

    private static readonly HashSet<string> InCategoryAll = ["pods", "services", "statefulsets", "deployments", "replicasets"];

    public static JsonObject? Answer(string path) => path.TrimEnd('/') switch
    {
        "/version" => KubeVersion.Info(),
        "/api" => new JsonObject
        {
            ["kind"] = "APIVersions",
            ["versions"] = new JsonArray("v1"),
            ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "10.224.0.4:443" }),
        },
        "/apis" => new JsonObject
        {
            ["kind"] = "APIGroupList",
            ["apiVersion"] = "v1",
            ["groups"] = new JsonArray(new JsonObject
            {
                ["name"] = "apps",
                ["versions"] = new JsonArray(new JsonObject { ["groupVersion"] = "apps/v1", ["version"] = "v1" }),
                ["preferredVersion"] = new JsonObject { ["groupVersion"] = "apps/v1", ["version"] = "v1" },
            }),
        },
        "/api/v1" => Resources("v1", ""),
        "/apis/apps/v1" => Resources("apps/v1", "apps"),
        _ => null,
    };

    private static JsonObject Resources(string groupVersion, string group)
    {
        var resources = new JsonArray();
        foreach (var type in ResourceTypes.All.Where(t => t.Group == group))
        {
            resources.Add(Resource(type.Plural, type.Kind, type.Namespaced, type.ObjectVerbs.Contains("DELETE") ? ["get", "list", "watch", "delete"]
                : type.ObjectVerbs.Contains("PATCH") ? ["get", "list", "watch", "update", "patch"] : ["get", "list", "watch"]));
            if (type == ResourceTypes.StatefulSets)
            {
                resources.Add(Resource("statefulsets/scale", "Scale", true, ["get", "patch", "update"], "autoscaling", "v1"));
            }
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion, ["resources"] = resources };
    }

    private static JsonObject Resource(string name, string kind, bool namespaced, string[] verbs, string? group = null, string? version = null)
    {
        var resource = new JsonObject
        {
            ["name"] = name,
            ["singularName"] = name.Contains('/', StringComparison.Ordinal) ? "" : kind.ToLowerInvariant(),
            ["namespaced"] = namespaced,
            ["kind"] = kind,
            ["verbs"] = new JsonArray(verbs.Select(v => (JsonNode)v).ToArray()),
        };
        if (ShortNames.TryGetValue(name, out var shortNames))
        {
            resource["shortNames"] = new JsonArray(shortNames.Select(n => (JsonNode)n).ToArray());
        }

        if (InCategoryAll.Contains(name))
        {
            resource["categories"] = new JsonArray("all");
        }

        if (group is not null)
        {
            resource["group"] = group;
            resource["version"] = version;
        }

        return resource;
    }
}
