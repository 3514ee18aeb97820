using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Config;

namespace PubSec.Dr.Lab.Points;

/// <summary>
/// A point as the emulator keeps it on disk: one JSON line per point in a shard's points file. Vectors are
/// keyed by space name; the unnamed space uses the empty name.
/// </summary>
internal sealed record StoredPoint(PointId Id, ulong Version, IReadOnlyDictionary<string, float[]> Vectors, JsonObject Payload)
{
    public string ToJsonLine()
    {
        var vectors = new JsonObject();
        foreach (var (name, values) in Vectors)
        {
            vectors[name] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        }

        return new JsonObject
        {
            ["id"] = Id.ToJson(),
            ["version"] = Version,
            ["vectors"] = vectors,
            ["payload"] = Payload.DeepClone(),
        }.ToJsonString();
    }

    public static StoredPoint FromJsonLine(string line)
    {
        var json = JsonNode.Parse(line)!.AsObject();
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, values) in json["vectors"]!.AsObject())
        {
            vectors[name] = values!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
        }

        return new StoredPoint(
            PointId.Parse(json["id"], "points file"),
            json["version"]!.GetValue<ulong>(),
            vectors,
            json["payload"] as JsonObject is { } payload ? (JsonObject)payload.DeepClone() : []);
    }

    /// <summary>The REST `vector` field: a plain array for the unnamed space, else a name → array map.</summary>
    public JsonNode VectorJson(VectorsConfig config)
    {
        if (!config.IsNamed && Vectors.TryGetValue(VectorsConfig.DefaultName, out var single))
        {
            return ToArray(single);
        }

        var named = new JsonObject();
        foreach (var (name, values) in Vectors)
        {
            named[name] = ToArray(values);
        }

        return named;
    }

    private static JsonArray ToArray(float[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
