using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Points;

/// <summary>Parses the REST `filter` object into a <see cref="PointFilter"/>.</summary>
internal static class PointFilterJson
{
    private const string Where = "JSON body";

    public static PointFilter? Parse(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject json)
        {
            throw QdrantException.Format(Where, "filter: invalid type, expected struct Filter");
        }

        return new PointFilter(Clauses(json["must"]), Clauses(json["should"]), Clauses(json["must_not"]));
    }

    private static List<PointCondition> Clauses(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.Select(Condition).ToList(),
        JsonObject single => [Condition(single)],
        _ => throw QdrantException.Format(Where, "filter: conditions must be a list"),
    };

    private static PointCondition Condition(JsonNode? node)
    {
        if (node is not JsonObject json)
        {
            throw QdrantException.Format(Where, "filter: invalid condition");
        }

        if (json["has_id"] is JsonArray ids)
        {
            return new HasIdCondition(ids.Select(id => PointId.Parse(id, Where)).ToHashSet());
        }

        if (json["is_empty"] is JsonObject isEmpty)
        {
            return new IsEmptyCondition(Key(isEmpty));
        }

        if (json["is_null"] is JsonObject isNull)
        {
            return new IsNullCondition(Key(isNull));
        }

        if (json.ContainsKey("must") || json.ContainsKey("should") || json.ContainsKey("must_not"))
        {
            return new NestedFilterCondition(Parse(json)!);
        }

        var key = Key(json);
        if (json["match"] is JsonObject match)
        {
            if (match.TryGetPropertyValue("value", out var value) && value is not null)
            {
                return new MatchCondition(key, [value.DeepClone()], Except: false);
            }

            if (match["any"] is JsonArray any)
            {
                return new MatchCondition(key, any.Where(v => v is not null).Select(v => v!.DeepClone()).ToList(), Except: false);
            }

            if (match["except"] is JsonArray except)
            {
                return new MatchCondition(key, except.Where(v => v is not null).Select(v => v!.DeepClone()).ToList(), Except: true);
            }
        }

        if (json["range"] is JsonObject range)
        {
            return new RangeCondition(key, Number(range, "gt"), Number(range, "gte"), Number(range, "lt"), Number(range, "lte"));
        }

        throw QdrantException.Format(Where, "filter: data did not match any variant of untagged enum Condition");
    }

    private static string Key(JsonObject json) =>
        json["key"] is JsonValue key && key.TryGetValue<string>(out var text)
            ? text
            : throw QdrantException.Format(Where, "filter: missing field `key`");

    private static double? Number(JsonObject json, string field) =>
        json[field] is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;
}
