using System.Text.Json.Nodes;
using Google.Protobuf.Collections;
using PubSec.Dr.Lab.Config;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Points;
using Proto = Qdrant.Client.Grpc;

namespace PubSec.Dr.Lab.Grpc;

/// <summary>Point ids, vectors, selectors and filters between Qdrant's protobuf messages and the engine.</summary>
internal static class GrpcPointConversions
{
    public static PointId ToId(Proto.PointId id) => id.PointIdOptionsCase switch
    {
        Proto.PointId.PointIdOptionsOneofCase.Num => PointId.FromNumber(id.Num),
        Proto.PointId.PointIdOptionsOneofCase.Uuid when PointId.TryParseUuid(id.Uuid, out var uuid) => uuid,
        _ => throw QdrantException.BadRequest($"Unable to parse UUID: {id.Uuid}"),
    };

    public static Proto.PointId ToGrpc(PointId id) => id.Number is { } number ? new Proto.PointId { Num = number } : new Proto.PointId { Uuid = id.Uuid };

    public static PointInput ToInput(Proto.PointStruct point)
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        switch (point.Vectors?.VectorsOptionsCase)
        {
            case Proto.Vectors.VectorsOptionsOneofCase.Vector:
                vectors[VectorsConfig.DefaultName] = Dense(point.Vectors.Vector);
                break;
            case Proto.Vectors.VectorsOptionsOneofCase.Vectors_:
                foreach (var (name, vector) in point.Vectors.Vectors_.Vectors)
                {
                    vectors[name] = Dense(vector);
                }

                break;
        }

        return new PointInput(ToId(point.Id), vectors, GrpcValues.ToJson(point.Payload));
    }

    /// <summary>Newer clients send dense vectors in `dense`, older ones in the deprecated `data` field.</summary>
#pragma warning disable CS0612
    private static float[] Dense(Proto.Vector vector) => vector.VectorCase == Proto.Vector.VectorOneofCase.Dense
        ? vector.Dense.Data.ToArray()
        : vector.Data.ToArray();
#pragma warning restore CS0612

    public static PayloadSelector ToSelector(Proto.WithPayloadSelector? selector, PayloadSelector fallback) => selector?.SelectorOptionsCase switch
    {
        Proto.WithPayloadSelector.SelectorOptionsOneofCase.Enable => selector.Enable ? PayloadSelector.All : PayloadSelector.None,
        Proto.WithPayloadSelector.SelectorOptionsOneofCase.Include => new PayloadSelector(true, selector.Include.Fields.ToHashSet(), null),
        Proto.WithPayloadSelector.SelectorOptionsOneofCase.Exclude => new PayloadSelector(true, null, selector.Exclude.Fields.ToHashSet()),
        _ => fallback,
    };

    public static bool WithVectors(Proto.WithVectorsSelector? selector) => selector?.SelectorOptionsCase switch
    {
        Proto.WithVectorsSelector.SelectorOptionsOneofCase.Enable => selector.Enable,
        Proto.WithVectorsSelector.SelectorOptionsOneofCase.Include => true,
        _ => false,
    };

    public static void Fill(MapField<string, Proto.Value> target, JsonObject? payload)
    {
        if (payload is not null)
        {
            foreach (var (key, value) in payload)
            {
                target[key] = GrpcValues.ToValue(value);
            }
        }
    }

    public static Proto.VectorsOutput VectorsOutput(StoredPoint point, VectorsConfig config)
    {
        if (!config.IsNamed && point.Vectors.TryGetValue(VectorsConfig.DefaultName, out var single))
        {
            return new Proto.VectorsOutput { Vector = DenseOutput(single) };
        }

        var named = new Proto.NamedVectorsOutput();
        foreach (var (name, values) in point.Vectors)
        {
            named.Vectors[name] = DenseOutput(values);
        }

        return new Proto.VectorsOutput { Vectors = named };
    }

    /// <summary>Filled both ways (deprecated `data` and `dense`) so old and new clients read it.</summary>
#pragma warning disable CS0612
    private static Proto.VectorOutput DenseOutput(float[] values) => new()
    {
        Data = { values },
        Dense = new Proto.DenseVector { Data = { values } },
    };
#pragma warning restore CS0612

    public static PointFilter? ToFilter(Proto.Filter? filter) => filter is null
        ? null
        : new PointFilter(filter.Must.Select(ToCondition).ToList(), filter.Should.Select(ToCondition).ToList(), filter.MustNot.Select(ToCondition).ToList());

    private static PointCondition ToCondition(Proto.Condition condition) => condition.ConditionOneOfCase switch
    {
        Proto.Condition.ConditionOneOfOneofCase.HasId => new HasIdCondition(condition.HasId.HasId.Select(ToId).ToHashSet()),
        Proto.Condition.ConditionOneOfOneofCase.IsEmpty => new IsEmptyCondition(condition.IsEmpty.Key),
        Proto.Condition.ConditionOneOfOneofCase.IsNull => new IsNullCondition(condition.IsNull.Key),
        Proto.Condition.ConditionOneOfOneofCase.Filter => new NestedFilterCondition(ToFilter(condition.Filter)!),
        Proto.Condition.ConditionOneOfOneofCase.Field when condition.Field.Match is { } match => ToMatch(condition.Field.Key, match),
        Proto.Condition.ConditionOneOfOneofCase.Field when condition.Field.Range is { } range => new RangeCondition(condition.Field.Key,
            range.HasGt ? range.Gt : null, range.HasGte ? range.Gte : null, range.HasLt ? range.Lt : null, range.HasLte ? range.Lte : null),
        _ => throw QdrantException.BadRequest($"The lab does not support the filter condition {condition.ConditionOneOfCase}"),
    };

    private static MatchCondition ToMatch(string key, Proto.Match match) => match.MatchValueCase switch
    {
        Proto.Match.MatchValueOneofCase.Keyword => new MatchCondition(key, [JsonValue.Create(match.Keyword)], Except: false),
        Proto.Match.MatchValueOneofCase.Integer => new MatchCondition(key, [JsonValue.Create(match.Integer)], Except: false),
        Proto.Match.MatchValueOneofCase.Boolean => new MatchCondition(key, [JsonValue.Create(match.Boolean)], Except: false),
        Proto.Match.MatchValueOneofCase.Keywords => new MatchCondition(key, match.Keywords.Strings.Select(s => (JsonNode)JsonValue.Create(s)).ToList(), Except: false),
        Proto.Match.MatchValueOneofCase.Integers => new MatchCondition(key, match.Integers.Integers.Select(i => (JsonNode)JsonValue.Create(i)).ToList(), Except: false),
        Proto.Match.MatchValueOneofCase.ExceptKeywords => new MatchCondition(key, match.ExceptKeywords.Strings.Select(s => (JsonNode)JsonValue.Create(s)).ToList(), Except: true),
        Proto.Match.MatchValueOneofCase.ExceptIntegers => new MatchCondition(key, match.ExceptIntegers.Integers.Select(i => (JsonNode)JsonValue.Create(i)).ToList(), Except: true),
        _ => throw QdrantException.BadRequest($"The lab does not support the match {match.MatchValueCase}"),
    };
}
