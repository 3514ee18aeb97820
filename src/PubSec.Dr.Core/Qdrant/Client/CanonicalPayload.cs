using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;

namespace PubSec.Dr.Qdrant.Client;

/// <summary>
/// Writes a Qdrant payload as canonical JSON: object keys in ordinal order, numbers in shortest round-trip
/// form, no white space. Two payloads with equal content always give the same text, whatever order the
/// server returned the keys in.
/// </summary>
public static class CanonicalPayload
{
    public static string From(MapField<string, Value> payload)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteStruct(writer, payload);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStruct(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, Value>> fields)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, Value value)
    {
        switch (value.KindCase)
        {
            case Value.KindOneofCase.StringValue:
                writer.WriteStringValue(value.StringValue);
                break;
            case Value.KindOneofCase.IntegerValue:
                writer.WriteNumberValue(value.IntegerValue);
                break;
            case Value.KindOneofCase.DoubleValue:
                writer.WriteNumberValue(value.DoubleValue);
                break;
            case Value.KindOneofCase.BoolValue:
                writer.WriteBooleanValue(value.BoolValue);
                break;
            case Value.KindOneofCase.StructValue:
                WriteStruct(writer, value.StructValue.Fields);
                break;
            case Value.KindOneofCase.ListValue:
                writer.WriteStartArray();
                foreach (var item in value.ListValue.Values)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
