using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The <c>scale</c> subresource of a StatefulSet or a Deployment: an autoscaling/v1 <c>Scale</c> whose metadata is the parent's
/// (same uid and resourceVersion), <c>spec.replicas</c> from the parent's spec and <c>status.selector</c> as a string.
/// </summary>
internal static class ScaleView
{
    public static JsonObject From(JsonObject workload)
    {
        var metadata = workload.Metadata();
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata["name"]?.DeepClone(),
                ["namespace"] = metadata["namespace"]?.DeepClone(),
                ["uid"] = metadata["uid"]?.DeepClone(),
                ["resourceVersion"] = metadata["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = metadata["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = StatefulSetSpec.Replicas(workload) },
            ["status"] = new JsonObject
            {
                ["replicas"] = workload["status"]?["replicas"].AsInt() ?? 0,
                ["selector"] = Selector(workload),
            },
        };
    }

    /// <summary><c>spec.selector.matchLabels</c> as a selector string, keys sorted: <c>app=qdrant</c>.</summary>
    public static string Selector(JsonObject statefulSet) =>
        statefulSet["spec"]?["selector"]?["matchLabels"] is JsonObject labels
            ? string.Join(',', labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))
            : "";
}
