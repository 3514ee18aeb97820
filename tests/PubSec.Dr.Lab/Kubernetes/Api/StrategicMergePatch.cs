using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The part of a strategic merge patch that <c>kubectl apply</c> relies on: objects merge as in a merge patch, and
/// lists of objects that carry a merge key (<c>name</c> for containers, volumes, env and ports of a Service;
/// <c>containerPort</c> for container ports; <c>mountPath</c> for mounts) merge element by element instead of being
/// replaced. Directives: <c>$patch: delete</c> on a list element removes it, <c>$patch: replace</c> on an object
/// replaces it; <c>$setElementOrder/…</c>, <c>$retainKeys</c> and <c>$deleteFromPrimitiveList/…</c> are accepted and
/// not stored (ordering is the patch's, as kubectl sends it).
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly string[] MergeKeys = ["name", "containerPort", "mountPath", "devicePath", "ip", "topologyKey", "port"];

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        if (patchObject["$patch"]?.GetValue<string>() == "replace")
        {
            var replaced = patchObject.DeepClone().AsObject();
            replaced.Remove("$patch");
            return replaced;
        }

        var result = target is JsonObject targetObject ? targetObject.DeepClone().AsObject() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonArray list && result[key] is JsonArray existing && MergeKeyOf(list, existing) is { } mergeKey)
            {
                result[key] = MergeList(existing, list, mergeKey);
            }
            else
            {
                result[key] = value is JsonArray ? Clean(value) : Apply(result[key], value);
            }
        }

        return result;
    }

    private static string? MergeKeyOf(JsonArray patch, JsonArray existing)
    {
        var objects = patch.Concat(existing).ToList();
        return objects.Count > 0 && objects.All(e => e is JsonObject)
            ? MergeKeys.FirstOrDefault(k => objects.All(e => e!.AsObject()[k] is not null || e!.AsObject()["$patch"] is not null))
            : null;
    }

    private static JsonArray MergeList(JsonArray existing, JsonArray patch, string mergeKey)
    {
        var merged = existing.Select(e => e!.DeepClone().AsObject()).ToList();
        foreach (var element in patch.OfType<JsonObject>())
        {
            var key = element[mergeKey]?.ToJsonString();
            var index = merged.FindIndex(e => e[mergeKey]?.ToJsonString() == key);
            if (element["$patch"]?.GetValue<string>() == "delete")
            {
                if (index >= 0)
                {
                    merged.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                merged[index] = Apply(merged[index], element)!.AsObject();
            }
            else
            {
                merged.Add(Clean(element)!.AsObject());
            }
        }

        return new JsonArray(merged.Select(e => (JsonNode?)e).ToArray());
    }

    /// <summary>A patch value added as is, without directive keys.</summary>
    private static JsonNode? Clean(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => !p.Key.StartsWith('$')).Select(p => new KeyValuePair<string, JsonNode?>(p.Key, Clean(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Clean).ToArray()),
        _ => node?.DeepClone(),
    };
}
