using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Drills;

/// <summary>The JSON of drill results and ledgers in the store: camelCase, enums as names, times in UTC with a Z.</summary>
public static class DrillJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(), new UtcTimeConverter() },
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

    /// <summary>DateTimeOffset always written as UTC "...Z", whatever offset it was made with.</summary>
    private sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
    }
}
