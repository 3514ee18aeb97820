using System.Globalization;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// RFC 6902 JSON patch (<c>add</c>, <c>remove</c>, <c>replace</c>, <c>move</c>, <c>copy</c>, <c>test</c>) over
/// RFC 6901 pointers. A malformed document is a 400; an operation that cannot apply is a 422, as in the apiserver.
/// </summary>
internal static class JsonPatch
{
    public static JsonObject Apply(JsonObject target, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw KubeErrors.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        JsonNode document = target.DeepClone();
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op || op["op"]?.GetValue<string>() is not { } name || op["path"]?.GetValue<string>() is not { } path)
            {
                throw KubeErrors.BadRequest("json patch operations need 'op' and 'path'");
            }

            switch (name)
            {
                case "add":
                    document = Add(document, path, Required(op, "value"));
                    break;
                case "remove":
                    document = Remove(document, path, out _);
                    break;
                case "replace":
                    document = Remove(document, path, out _);
                    document = Add(document, path, Required(op, "value"));
                    break;
                case "move":
                    document = Remove(document, From(op), out var moved);
                    document = Add(document, path, moved);
                    break;
                case "copy":
                    document = Add(document, path, Get(document, From(op))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path), Required(op, "value")))
                    {
                        throw KubeErrors.PatchNotApplicable($"testing value {path} failed: test failed");
                    }

                    break;
                default:
                    throw KubeErrors.BadRequest($"Unexpected kind: {name}");
            }
        }

        return document as JsonObject ?? throw KubeErrors.PatchNotApplicable("the patch replaced the object with a non-object");
    }

    private static JsonNode? Required(JsonObject op, string key) =>
        op.TryGetPropertyValue(key, out var value) ? value?.DeepClone() : throw KubeErrors.BadRequest($"json patch '{op["op"]}' needs '{key}'");

    private static string From(JsonObject op) =>
        op["from"]?.GetValue<string>() ?? throw KubeErrors.BadRequest($"json patch '{op["op"]}' needs 'from'");

    private static List<string> Split(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw KubeErrors.PatchNotApplicable($"invalid JSON pointer: {pointer}");
        }

        return pointer[1..].Split('/').Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    private static JsonNode? Get(JsonNode document, string pointer)
    {
        JsonNode? node = document;
        foreach (var part in Split(pointer))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(part, out var child) => child,
                JsonArray a when Index(part, a.Count, allowEnd: false) is { } i => a[i],
                _ => throw KubeErrors.PatchNotApplicable($"doc is missing path: \"{pointer}\": missing value"),
            };
        }

        return node;
    }

    private static JsonNode Add(JsonNode document, string pointer, JsonNode? value)
    {
        var parts = Split(pointer);
        if (parts.Count == 0)
        {
            return value ?? throw KubeErrors.PatchNotApplicable("cannot replace the document with null");
        }

        var parent = Get(document, "/" + string.Join('/', parts[..^1].Select(Escape)));
        var last = parts[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when Index(last, a.Count, allowEnd: true) is { } i:
                a.Insert(i, value);
                break;
            default:
                throw KubeErrors.PatchNotApplicable($"doc is missing path: \"{pointer}\": missing value");
        }

        return document;
    }

    private static JsonNode Remove(JsonNode document, string pointer, out JsonNode? removed)
    {
        var parts = Split(pointer);
        if (parts.Count == 0)
        {
            throw KubeErrors.PatchNotApplicable("cannot remove the whole document");
        }

        var parent = Get(document, "/" + string.Join('/', parts[..^1].Select(Escape)));
        var last = parts[^1];
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out var value):
                o.Remove(last);
                removed = value;
                return document;
            case JsonArray a when Index(last, a.Count, allowEnd: false) is { } i:
                removed = a[i];
                a.RemoveAt(i);
                return document;
            default:
                throw KubeErrors.PatchNotApplicable($"doc is missing path: \"{pointer}\": missing value");
        }
    }

    private static int? Index(string part, int count, bool allowEnd)
    {
        if (allowEnd && part == "-")
        {
            return count;
        }

        return int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && (i < count || (allowEnd && i == count)) ? i : null;
    }

    private static string Escape(string part) => part.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
