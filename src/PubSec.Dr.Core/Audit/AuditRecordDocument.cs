using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace PubSec.Dr.Audit;

/// <summary>
/// The stored form of a record. Written field by field with a fixed order, so the bytes (which the chain hashes)
/// depend only on the values; read back strictly, so an edited or foreign object is reported rather than guessed at.
/// </summary>
internal static class AuditRecordDocument
{
    public const string Format = "pubsecdr-audit/1";
    public const string RecordsPrefix = "audit/records/";
    public const string HeadKey = "audit/head.json";
    public static readonly string GenesisHash = new('0', 64);

    public static string KeyOf(long sequence) => RecordsPrefix + sequence.ToString("D12", CultureInfo.InvariantCulture) + ".json";

    /// <summary>The sequence a record key names, or null for any other object under the records prefix.</summary>
    public static long? SequenceOf(string key)
    {
        if (!key.StartsWith(RecordsPrefix, StringComparison.Ordinal) || !key.EndsWith(".json", StringComparison.Ordinal))
        {
            return null;
        }

        var digits = key[RecordsPrefix.Length..^".json".Length];
        return digits.Length == 12 && digits.All(char.IsAsciiDigit) && long.Parse(digits, CultureInfo.InvariantCulture) is > 0 and var sequence
            ? sequence
            : null;
    }

    public static string HashOf(ReadOnlySpan<byte> stored) => Convert.ToHexString(SHA256.HashData(stored)).ToLowerInvariant();

    public static byte[] Serialize(AuditRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("sequence", record.Sequence);
            json.WriteString("time", record.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("identity", record.Identity);
            json.WriteString("host", record.Host);
            json.WriteString("command", record.Command);
            json.WriteString("target", record.Target);
            json.WriteStartObject("parameters");
            foreach (var (name, value) in record.Parameters)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteString("outcome", record.Outcome);
            if (record.ErrorId is null)
            {
                json.WriteNull("errorId");
            }
            else
            {
                json.WriteString("errorId", record.ErrorId);
            }

            json.WriteString("previousHash", record.PreviousHash);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Parses stored bytes; throws <see cref="JsonException"/> naming what is wrong.</summary>
    public static AuditRecord Parse(byte[] stored, string key, string store)
    {
        using var document = JsonDocument.Parse(stored);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The record is not a JSON object.");
        }

        var format = Text(root, "format");
        if (format != Format)
        {
            throw new JsonException($"The record's format is '{format}', not '{Format}'.");
        }

        if (!root.TryGetProperty("sequence", out var sequence) || !sequence.TryGetInt64(out var number))
        {
            throw new JsonException("The record has no numeric sequence.");
        }

        var time = Text(root, "time");
        if (!DateTime.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var when))
        {
            throw new JsonException($"The record's time '{time}' is not an ISO 8601 time.");
        }

        if (!root.TryGetProperty("parameters", out var parameters) || parameters.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The record has no parameters object.");
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in parameters.EnumerateObject())
        {
            values[parameter.Name] = parameter.Value.ValueKind == JsonValueKind.String ? parameter.Value.GetString()! : parameter.Value.GetRawText();
        }

        var previous = Text(root, "previousHash");
        if (previous.Length != 64 || !previous.All(char.IsAsciiHexDigitLower))
        {
            throw new JsonException("The record's previousHash is not 64 lowercase hex digits.");
        }

        return new AuditRecord
        {
            Sequence = number,
            Time = when,
            Identity = Text(root, "identity"),
            Host = Text(root, "host"),
            Command = Text(root, "command"),
            Target = Text(root, "target"),
            Parameters = values,
            Outcome = Text(root, "outcome"),
            ErrorId = root.TryGetProperty("errorId", out var errorId) && errorId.ValueKind == JsonValueKind.String ? errorId.GetString() : null,
            PreviousHash = previous,
            Hash = HashOf(stored),
            Key = key,
            Store = store,
        };
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new JsonException($"The record has no '{name}' text.");
}
