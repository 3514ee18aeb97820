using System.Text.Json.Nodes;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>
/// The body of a replace (PUT): the live object with the backup's declared fields laid over it. Starting from the
/// live object keeps what the cluster allocated and may not change (a Service's clusterIP, a claim's volumeName,
/// a Job's generated selector) and carries its resourceVersion, so the server refuses the write if someone changed
/// the object in between. Maps merge key by key; lists and scalars are the backup's.
/// </summary>
public static class ConfigObjectMerge
{
    public static JsonObject ForReplace(JsonObject desired, JsonObject live)
    {
        var merged = (JsonObject)live.DeepClone();
        merged.Remove("status");
        if (merged["metadata"] is JsonObject metadata)
        {
            metadata.Remove("managedFields");
        }

        Overlay(merged, desired);
        return merged;
    }

    private static void Overlay(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject map && target[key] is JsonObject existing)
            {
                Overlay(existing, map);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
