using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The discovery documents a client or kubectl reads first: <c>/version</c>, <c>/api</c>, <c>/apis</c> and the
/// resource list of <c>/api/v1</c> and of each served <c>/apis/&lt;group&gt;/&lt;version&gt;</c> (the lab's resources
/// only), with the short names and <c>all</c> category kubectl resolves <c>get sts</c> or <c>get all</c> from.
/// </summary>
internal static class Discovery
{
    public static JsonObject? Answer(string path)
    {
        var trimmed = path.TrimEnd('/');
        switch (trimmed)
        {
            case "/version":
                return KubeVersion.Info();
            case "/api":
                return new JsonObject
                {
                    ["kind"] = "APIVersions",
                    ["versions"] = new JsonArray("v1"),
                    ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "10.224.0.4:443" }),
                };
            case "/apis":
                return new JsonObject
                {
                    ["kind"] = "APIGroupList",
                    ["apiVersion"] = "v1",
                    ["groups"] = new JsonArray(ResourceTypes.Groups.Select(g => (JsonNode)Group(g.Group, g.Version)).ToArray()),
                };
            case "/api/v1":
                return Resources("v1", "", "v1");
        }

        foreach (var (group, version) in ResourceTypes.Groups)
        {
            if (trimmed == $"/apis/{group}")
            {
                var answer = Group(group, version);
                answer["kind"] = "APIGroup";
                answer["apiVersion"] = "v1";
                return answer;
            }

            if (trimmed == $"/apis/{group}/{version}")
            {
                return Resources($"{group}/{version}", group, version);
            }
        }

        return null;
    }

    private static JsonObject Group(string group, string version) => new()
    {
        ["name"] = group,
        ["versions"] = new JsonArray(new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version }),
        ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version },
    };

    private static JsonObject Resources(string groupVersion, string group, string version)
    {
        var resources = new JsonArray();
        foreach (var type in ResourceTypes.All.Where(t => t.Group == group && t.Version == version))
        {
            resources.Add(Resource(type, Verbs(type)));
            if (type == ResourceTypes.StatefulSets)
            {
                resources.Add(Subresource("statefulsets/scale", "Scale", ["get", "patch", "update"], "autoscaling", "v1"));
            }
            else if (type == ResourceTypes.Deployments)
            {
                resources.Add(Subresource("deployments/scale", "Scale", ["get", "patch", "update"], "autoscaling", "v1"));
            }
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion, ["resources"] = resources };
    }

    /// <summary>The verbs in the apiserver's (alphabetical) order: what kubectl checks before create, apply or delete.</summary>
    private static string[] Verbs(ResourceType type)
    {
        var verbs = new List<string> { "get", "list", "watch" };
        if (type.Creatable)
        {
            verbs.Add("create");
        }

        if (type.ObjectVerbs.Contains("DELETE"))
        {
            verbs.Add("delete");
        }

        if (type.ObjectVerbs.Contains("PATCH"))
        {
            verbs.Add("patch");
        }

        if (type.ObjectVerbs.Contains("PUT"))
        {
            verbs.Add("update");
        }

        return [.. verbs.Order(StringComparer.Ordinal)];
    }

    private static JsonObject Resource(ResourceType type, string[] verbs)
    {
        var resource = new JsonObject
        {
            ["name"] = type.Plural,
            ["singularName"] = type.Kind.ToLowerInvariant(),
            ["namespaced"] = type.Namespaced,
            ["kind"] = type.Kind,
            ["verbs"] = new JsonArray(verbs.Select(v => (JsonNode)v).ToArray()),
        };
        if (type.ShortNames.Count > 0)
        {
            resource["shortNames"] = new JsonArray(type.ShortNames.Select(n => (JsonNode)n).ToArray());
        }

        if (type.InCategoryAll)
        {
            resource["categories"] = new JsonArray("all");
        }

        return resource;
    }

    private static JsonObject Subresource(string name, string kind, string[] verbs, string group, string version) => new()
    {
        ["name"] = name,
        ["singularName"] = "",
        ["namespaced"] = true,
        ["group"] = group,
        ["version"] = version,
        ["kind"] = kind,
        ["verbs"] = new JsonArray(verbs.Select(v => (JsonNode)v).ToArray()),
    };
}
