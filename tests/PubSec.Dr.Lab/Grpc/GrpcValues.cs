using System.Text.Json.Nodes;
using Qdrant.Client.Grpc;

namespace PubSec.Dr.Lab.Grpc;

/// <summary>Payload values between JSON (how the lab stores them) and Qdrant's protobuf <see cref="Value"/>.</summary>
internal static class GrpcValues
{
    public static Value ToValue(JsonNode? node) => node switch
    {
        null => new Value { NullValue = NullValue.NullValue },
        JsonObject obj => new Value { StructValue = ToStruct(obj) },
        JsonArray array => new Value { ListValue = new ListValue { Values = { array.Select(ToValue) } } },
        JsonValue value when value.TryGetValue<bool>(out var flag) => new Value { BoolValue = flag },
        JsonValue value when value.TryGetValue<string>(out var text) => new Value { StringValue = text },
        JsonValue value when value.TryGetValue<long>(out var integer) => new Value { IntegerValue = integer },
        _ => new Value { DoubleValue = node.GetValue<double>() },
    };

    public static Struct ToStruct(JsonObject obj)
    {
        var result = new Struct();
        foreach (var (key, value) in obj)
        {
            result.Fields[key] = ToValue(value);
        }

        return result;
    }

    public static JsonNode? ToJson(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.BoolValue => JsonValue.Create(value.BoolValue),
        Value.KindOneofCase.IntegerValue => JsonValue.Create(value.IntegerValue),
        Value.KindOneofCase.DoubleValue => JsonValue.Create(value.DoubleValue),
        Value.KindOneofCase.StringValue => JsonValue.Create(value.StringValue),
        Value.KindOneofCase.StructValue => ToJson(value.StructValue.Fields),
        Value.KindOneofCase.ListValue => new JsonArray(value.ListValue.Values.Select(ToJson).ToArray()),
        _ => null,
    };

    public static JsonObject ToJson(IDictionary<string, Value> fields)
    {
        var result = new JsonObject();
        foreach (var (key, value) in fields)
        {
            result[key] = ToJson(value);
        }

        return result;
    }
}
