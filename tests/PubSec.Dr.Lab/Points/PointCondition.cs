using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Points;

/// <summary>One clause of a filter. Payload keys may be dotted paths; arrays match when any element matches.</summary>
internal abstract record PointCondition
{
    public abstract bool Matches(StoredPoint point);

    /// <summary>The values found at a dotted key, arrays flattened (Qdrant's payload path semantics).</summary>
    protected static IEnumerable<JsonNode?> ValuesAt(JsonObject payload, string key)
    {
        IEnumerable<JsonNode?> current = [payload];
        foreach (var part in key.Split('.'))
        {
            current = current.SelectMany(node => node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(part, out var child) => Flatten(child),
                JsonArray array => array.OfType<JsonObject>().SelectMany(o => o.TryGetPropertyValue(part, out var c) ? Flatten(c) : []),
                _ => [],
            }).ToList();
        }

        return current;
    }

    private static IEnumerable<JsonNode?> Flatten(JsonNode? node) => node is JsonArray array ? array : new[] { node };
}

/// <summary>`{"key": k, "match": {"value": v}}` or `{"match": {"any": [...]}}` / `{"match": {"except": [...]}}`.</summary>
internal sealed record MatchCondition(string Key, IReadOnlyList<JsonNode> Values, bool Except) : PointCondition
{
    public override bool Matches(StoredPoint point)
    {
        var found = ValuesAt(point.Payload, Key).Where(v => v is not null).ToList();
        var hit = found.Any(value => Values.Any(expected => JsonNode.DeepEquals(value, expected)));
        return Except ? found.Count > 0 && !hit : hit;
    }
}

/// <summary>`{"key": k, "range": {"gt"|"gte"|"lt"|"lte": number}}`.</summary>
internal sealed record RangeCondition(string Key, double? Gt, double? Gte, double? Lt, double? Lte) : PointCondition
{
    public override bool Matches(StoredPoint point) => ValuesAt(point.Payload, Key).OfType<JsonValue>().Any(value =>
        value.TryGetValue<double>(out var number)
        && (Gt is not { } gt || number > gt) && (Gte is not { } gte || number >= gte)
        && (Lt is not { } lt || number < lt) && (Lte is not { } lte || number <= lte));
}

/// <summary>`{"has_id": [ids]}`.</summary>
internal sealed record HasIdCondition(IReadOnlySet<PointId> Ids) : PointCondition
{
    public override bool Matches(StoredPoint point) => Ids.Contains(point.Id);
}

/// <summary>`{"is_empty": {"key": k}}`: absent, null or an empty array.</summary>
internal sealed record IsEmptyCondition(string Key) : PointCondition
{
    public override bool Matches(StoredPoint point) => !ValuesAt(point.Payload, Key).Any(v => v is not null);
}

/// <summary>`{"is_null": {"key": k}}`: present with a null value.</summary>
internal sealed record IsNullCondition(string Key) : PointCondition
{
    public override bool Matches(StoredPoint point) => ValuesAt(point.Payload, Key).Any(v => v is null);
}

/// <summary>A filter used as a condition (Qdrant allows nesting must/should/must_not).</summary>
internal sealed record NestedFilterCondition(PointFilter Filter) : PointCondition
{
    public override bool Matches(StoredPoint point) => Filter.Matches(point);
}
