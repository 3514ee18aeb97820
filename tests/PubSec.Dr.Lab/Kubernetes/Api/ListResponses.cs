using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// A list answer (reference §2): <c>{"kind":"&lt;Kind&gt;List","apiVersion",…,"metadata":{resourceVersion,continue,
/// remainingItemCount},"items":[…]}</c>, items in key order WITHOUT kind/apiVersion, as the real apiserver sends them.
/// </summary>
internal static class ListResponses
{
    public static JsonObject Build(KubeStore store, ResourceType type, string? ns, ListQuery query)
    {
        var (all, storeVersion) = store.List(type, ns);
        var matching = all.Where(o => query.Labels.Matches(o.Labels()) && query.Fields.Matches(o)).ToList();
        if (query.Continue is { } token)
        {
            matching = matching.Where(o => string.CompareOrdinal(Key(o), token.Start) >= 0).ToList();
        }

        var listVersion = query.Continue?.ResourceVersion ?? storeVersion;
        var page = query.Limit is { } limit ? matching.Take(limit).ToList() : matching;
        var metadata = new JsonObject { ["resourceVersion"] = listVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var remaining = matching.Count - page.Count;
        if (remaining > 0)
        {
            // The next page starts just after the last key returned.
            metadata["continue"] = new ContinueToken(listVersion, Key(page[^1]) + "\u0000").Encode();
            if (!query.HasSelectors)
            {
                metadata["remainingItemCount"] = remaining;
            }
        }

        return new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray(page.Select(o => (JsonNode)WithoutTypeMeta(o)).ToArray()),
        };
    }

    private static JsonObject WithoutTypeMeta(JsonObject obj)
    {
        obj.Remove("kind");
        obj.Remove("apiVersion");
        return obj;
    }

    private static string Key(JsonObject obj) => obj.Namespace() is { } ns ? $"{ns}/{obj.Name()}" : obj.Name();
}
