using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>Typed reads of the JSON objects the lab stores (every object is kept as the JSON the API serves).</summary>
internal static class KubeObject
{
    public static JsonObject Metadata(this JsonObject obj) =>
        obj["metadata"] as JsonObject ?? (JsonObject)(obj["metadata"] = new JsonObject());

    public static string Name(this JsonObject obj) => obj.Metadata()["name"]?.GetValue<string>() ?? "";

    public static string? Namespace(this JsonObject obj) => obj.Metadata()["namespace"]?.GetValue<string>();

    public static string Uid(this JsonObject obj) => obj.Metadata()["uid"]?.GetValue<string>() ?? "";

    public static string ResourceVersion(this JsonObject obj) => obj.Metadata()["resourceVersion"]?.GetValue<string>() ?? "";

    public static long Generation(this JsonObject obj) => obj.Metadata()["generation"].AsLong() ?? 0;

    /// <summary>
    /// A whole number whichever way the node was made: parsed JSON holds a JsonElement, nodes built in code hold
    /// an int or a long, and JsonValue.GetValue refuses to convert between those.
    /// </summary>
    public static long? AsLong(this JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<System.Text.Json.JsonElement>(out var e) && e.ValueKind == System.Text.Json.JsonValueKind.Number && e.TryGetInt64(out var x) => x,
        _ => null,
    };

    public static int? AsInt(this JsonNode? node) => node.AsLong() is { } l && l is >= int.MinValue and <= int.MaxValue ? (int)l : null;

    public static bool IsTerminating(this JsonObject obj) => obj.Metadata()["deletionTimestamp"] is not null;

    public static IReadOnlyDictionary<string, string> Labels(this JsonObject obj) =>
        obj.Metadata()["labels"] is JsonObject labels
            ? labels.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A nested object, created on the way when missing (<c>obj.Child("status")</c>).</summary>
    public static JsonObject Child(this JsonObject obj, string name) =>
        obj[name] as JsonObject ?? (JsonObject)(obj[name] = new JsonObject());

    /// <summary>The string at a dotted path (<c>status.phase</c>), or null.</summary>
    public static string? StringAt(this JsonObject obj, string dottedPath)
    {
        JsonNode? node = obj;
        foreach (var part in dottedPath.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node is JsonValue value
            ? value.TryGetValue<string>(out var text) ? text : value.ToJsonString()
            : null;
    }

    public static JsonObject Labels(IEnumerable<KeyValuePair<string, string>> labels) =>
        new(labels.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value)));
}
