using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// Server-side printing: when the Accept header asks for <c>application/json;as=Table;v=v1;g=meta.k8s.io</c> (kubectl
/// get does, before plain JSON), a read or list is answered as a <c>meta.k8s.io/v1</c> Table whose rows carry the
/// printer's cells and, as <c>includeObject=Metadata</c> (the default) asks, the object's PartialObjectMetadata.
/// </summary>
internal static class TableView
{
    public const string ContentType = "application/json;as=Table;v=v1;g=meta.k8s.io";

    /// <summary>True when the first media range the server can produce is the v1 Table (clients list preferences in order).</summary>
    public static bool IsWanted(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList([.. request.Headers.Accept.OfType<string>()], out var ranges))
        {
            return false;
        }

        foreach (var range in ranges)
        {
            string? Param(string name) => range.Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value.Value;
            var json = range.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
            if (json && Param("as") == "Table" && Param("g") == "meta.k8s.io" && Param("v") == "v1")
            {
                return true;
            }

            if ((json && Param("as") is null) || range.MediaType.Equals("*/*", StringComparison.Ordinal) || range.MediaType.Equals("application/*", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return false;
    }

    public static JsonObject OfList(ResourceType type, JsonObject list, string? includeObject) =>
        Build(type, (list["items"] as JsonArray ?? []).OfType<JsonObject>(), list["metadata"]!.DeepClone().AsObject(), includeObject);

    public static JsonObject OfObject(ResourceType type, JsonObject obj, string? includeObject) =>
        Build(type, [obj], new JsonObject { ["resourceVersion"] = obj.ResourceVersion() }, includeObject);

    private static JsonObject Build(ResourceType type, IEnumerable<JsonObject> objects, JsonObject metadata, string? includeObject)
    {
        var columns = TablePrinters.For(type);
        var now = DateTime.UtcNow;
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = new JsonArray(columns.Select(c => c.Cell(obj, now)).ToArray()) };
            row["object"] = includeObject switch
            {
                "None" => null,
                "Object" => WithTypeMeta(type, obj),
                _ => new JsonObject { ["kind"] = "PartialObjectMetadata", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = obj.Metadata().DeepClone() },
            };
            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode)c.Definition()).ToArray()),
            ["rows"] = rows,
        };
    }

    private static JsonObject WithTypeMeta(ResourceType type, JsonObject obj)
    {
        var copy = new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.ApiVersion };
        foreach (var (key, value) in obj)
        {
            if (key is not "kind" and not "apiVersion")
            {
                copy[key] = value?.DeepClone();
            }
        }

        return copy;
    }
}
