using System.Text.Json;
using System.Text.Json.Serialization;
using PubSec.Dr.Errors;
using PubSec.Dr.Serialization;

namespace PubSec.Dr.Drills;

/// <summary>The JSON of drill results and ledgers in the store: camelCase, enums as names, times in UTC with a Z.</summary>
public static class DrillJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(), new UtcDateTimeOffsetConverter(), new UtcDateTimeConverter() },
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(ReadOnlySpan<byte> json, string location)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("The object is empty.");
        }
        catch (JsonException ex)
        {
            throw new DrException(ErrorIds.DrillRecordInvalid, DrErrorCategory.InvalidData, $"The drill record at {location} cannot be read: {ex.Message}",
                "Look at the object in the store; delete it if it is not a drill record this module wrote.", location, ex);
        }
    }
}
