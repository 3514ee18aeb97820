using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Points;

/// <summary>What part of the payload a read returns: all, none, only some keys, or all but some keys.</summary>
internal sealed record PayloadSelector(bool Enabled, IReadOnlySet<string>? Include, IReadOnlySet<string>? Exclude)
{
    public static readonly PayloadSelector All = new(true, null, null);
    public static readonly PayloadSelector None = new(false, null, null);

    /// <summary>Parses `with_payload`: bool | string[] | {include} | {exclude}; absent means <paramref name="fallback"/>.</summary>
    public static PayloadSelector Parse(JsonNode? node, PayloadSelector fallback)
    {
        switch (node)
        {
            case null:
                return fallback;
            case JsonValue value when value.TryGetValue<bool>(out var enabled):
                return enabled ? All : None;
            case JsonArray keys:
                return new PayloadSelector(true, Keys(keys), null);
            case JsonObject selector when selector["include"] is JsonArray include:
                return new PayloadSelector(true, Keys(include), null);
            case JsonObject selector when selector["exclude"] is JsonArray exclude:
                return new PayloadSelector(true, null, Keys(exclude));
            default:
                throw QdrantException.Format("JSON body", "with_payload: data did not match any variant of untagged enum WithPayloadInterface");
        }
    }

    public JsonObject? Apply(JsonObject payload)
    {
        if (!Enabled)
        {
            return null;
        }

        var result = new JsonObject();
        foreach (var (key, value) in payload)
        {
            if ((Include is null || Include.Contains(key)) && (Exclude is null || !Exclude.Contains(key)))
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }

    private static HashSet<string> Keys(JsonArray keys) => keys.Select(k => k?.GetValue<string>() ?? string.Empty).ToHashSet(StringComparer.Ordinal);
}
