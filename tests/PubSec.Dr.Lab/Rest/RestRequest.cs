using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Snapshots;

namespace PubSec.Dr.Lab.Rest;

/// <summary>Reads bodies, route values and query flags with Qdrant's split: unparsable → 400, invalid value → 422.</summary>
internal static class RestRequest
{
    private const string QueryWhere = "query parameters";

    public static async Task<JsonNode?> JsonBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw QdrantException.Format("JSON body", ex.Message);
        }
    }

    /// <summary>A body that must be a JSON object; an empty body counts as <c>{}</c> for endpoints whose fields are all optional.</summary>
    public static async Task<JsonObject> JsonObjectAsync(HttpContext context, bool emptyAllowed = true)
    {
        var body = await JsonBodyAsync(context).ConfigureAwait(false);
        return body switch
        {
            JsonObject json => json,
            null when emptyAllowed => [],
            null => throw QdrantException.Format("JSON body", "EOF while parsing a value at line 1 column 0"),
            _ => throw QdrantException.Format("JSON body", "invalid type: expected a JSON object"),
        };
    }

    public static string Route(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;

    public static bool Wait(HttpContext context) => Flag(context, "wait", fallback: true);

    public static bool Flag(HttpContext context, string name, bool fallback)
    {
        var value = context.Request.Query[name].ToString();
        return value switch
        {
            "" => fallback,
            "true" => true,
            "false" => false,
            _ => throw QdrantException.Format(QueryWhere, $"{name}: provided string was not `true` or `false`"),
        };
    }

    public static string? Query(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;

    /// <summary>A 64-hex checksum or nothing; anything else is a 422 validation error (§2.6).</summary>
    public static string? Checksum(string? value, string where) =>
        value is null || Sha256File.IsWellFormed(value)
            ? value
            : throw QdrantException.Validation(where, "checksum", "invalid_sha256_hash");

    public static string? OptionalString(JsonObject json, string field) => json[field] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw QdrantException.Format("JSON body", $"{field}: invalid type, expected a string"),
    };

    public static int OptionalCount(JsonObject json, string field, int fallback)
    {
        if (json[field] is null)
        {
            return fallback;
        }

        if (json[field] is not JsonValue value || !value.TryGetValue<int>(out var count) || count < 0)
        {
            throw QdrantException.Format("JSON body", $"{field}: invalid type, expected usize");
        }

        return count;
    }
}
