using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Config;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Points;

namespace PubSec.Dr.Lab.Rest;

/// <summary>The REST shapes of points: upsert bodies in, records and scored points out.</summary>
internal static class PointJson
{
    private const string Where = "JSON body";

    /// <summary>`{"points":[{id, vector, payload}]}` or the column form `{"batch":{ids, vectors, payloads}}`.</summary>
    public static IReadOnlyList<PointInput> ParseUpsert(JsonObject body)
    {
        if (body["points"] is JsonArray points)
        {
            return points.Select(node => node is JsonObject point
                ? new PointInput(PointId.Parse(point["id"], Where), Vectors(point["vector"]), Payload(point["payload"]))
                : throw QdrantException.Format(Where, "points: invalid type, expected struct PointStruct")).ToList();
        }

        if (body["batch"] is JsonObject batch && batch["ids"] is JsonArray ids)
        {
            var payloads = batch["payloads"] as JsonArray;
            return ids.Select((id, i) => new PointInput(
                PointId.Parse(id, Where),
                BatchVectors(batch["vectors"], i),
                Payload(payloads is not null && i < payloads.Count ? payloads[i] : null))).ToList();
        }

        throw QdrantException.Format(Where, "data did not match any variant of untagged enum PointInsertOperations");
    }

    public static IReadOnlyList<PointId> ParseIds(JsonNode? node) => node is JsonArray ids
        ? ids.Select(id => PointId.Parse(id, Where)).ToList()
        : throw QdrantException.Format(Where, "points: invalid type, expected a sequence");

    public static float[] Floats(JsonNode? node, string field) => node is JsonArray values
        ? values.Select(v => v is JsonValue value && value.TryGetValue<float>(out var f) ? f : throw QdrantException.Format(Where, $"{field}: expected f32")).ToArray()
        : throw QdrantException.Format(Where, $"{field}: invalid type, expected a sequence of numbers");

    /// <summary>A Record (scroll, retrieve): id, payload (null when not requested), vector (null when not requested).</summary>
    public static JsonObject Record(StoredPoint point, PayloadSelector payload, bool withVector, VectorsConfig config) => new()
    {
        ["id"] = point.Id.ToJson(),
        ["payload"] = payload.Apply(point.Payload),
        ["vector"] = withVector ? point.VectorJson(config) : null,
    };

    public static JsonObject Scored(ScoredPoint scored, PayloadSelector payload, bool withVector, VectorsConfig config) => new()
    {
        ["id"] = scored.Point.Id.ToJson(),
        ["version"] = scored.Point.Version,
        ["score"] = scored.Score,
        ["payload"] = payload.Apply(scored.Point.Payload),
        ["vector"] = withVector ? scored.Point.VectorJson(config) : null,
    };

    public static JsonObject UpdateResult(UpdateResult result) => new()
    {
        ["operation_id"] = result.OperationId,
        ["status"] = result.Waited ? "completed" : "acknowledged",
    };

    /// <summary>`with_vector` / `with_vectors`: bool or a list of names (any list means "yes" here).</summary>
    public static bool WithVector(JsonObject body) => (body["with_vector"] ?? body["with_vectors"]) switch
    {
        null => false,
        JsonValue value when value.TryGetValue<bool>(out var enabled) => enabled,
        JsonArray => true,
        _ => throw QdrantException.Format(Where, "with_vector: data did not match any variant of untagged enum WithVector"),
    };

    private static Dictionary<string, float[]> Vectors(JsonNode? node)
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        switch (node)
        {
            case null:
                break;
            case JsonArray:
                vectors[VectorsConfig.DefaultName] = Floats(node, "vector");
                break;
            case JsonObject named:
                foreach (var (name, values) in named)
                {
                    vectors[name] = Floats(values, $"vector.{name}");
                }

                break;
            default:
                throw QdrantException.Format(Where, "vector: data did not match any variant of untagged enum VectorStruct");
        }

        return vectors;
    }

    private static Dictionary<string, float[]> BatchVectors(JsonNode? node, int index) => node switch
    {
        JsonArray rows when index < rows.Count => Vectors(rows[index]),
        JsonObject named => named.ToDictionary(
            pair => pair.Key,
            pair => pair.Value is JsonArray rows && index < rows.Count ? Floats(rows[index], $"vectors.{pair.Key}") : [],
            StringComparer.Ordinal),
        _ => [],
    };

    private static JsonObject Payload(JsonNode? node) => node switch
    {
        null => [],
        JsonObject payload => (JsonObject)payload.DeepClone(),
        _ => throw QdrantException.Format(Where, "payload: invalid type, expected a map"),
    };
}
