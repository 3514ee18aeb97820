using System.Text.Json;
using System.Text.Json.Serialization;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Catalog;

/// <summary>
/// Reads and writes manifests. The format is versioned (schemaVersion) and self-describing (kind), camelCase
/// JSON so other tools can read a store without this module.
/// </summary>
public static class ManifestJson
{
    public const int CurrentSchemaVersion = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static byte[] Serialize(DrBackup backup) => JsonSerializer.SerializeToUtf8Bytes(backup, backup.GetType(), Options);

    public static async Task<DrBackup> DeserializeAsync(Stream stream, string key, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            var version = root.TryGetProperty("schemaVersion", out var v) ? v.GetInt32() : 0;
            if (version is < 1 or > CurrentSchemaVersion)
            {
                throw Invalid(key, $"schema version {version} is not one this module reads (1..{CurrentSchemaVersion})", null);
            }

            var kind = root.TryGetProperty("kind", out var k) ? k.GetString() : null;
            DrBackup? backup = kind switch
            {
                QdrantBackup.KindName => root.Deserialize<QdrantBackup>(Options),
                _ => throw Invalid(key, $"kind '{kind}' is unknown", null),
            };
            return backup ?? throw Invalid(key, "it is empty", null);
        }
        catch (JsonException ex)
        {
            throw Invalid(key, ex.Message, ex);
        }
    }

    private static DrException Invalid(string key, string why, Exception? inner) => new(
        ErrorIds.BackupManifestInvalid, DrErrorCategory.InvalidData,
        $"The manifest '{key}' cannot be read: {why}.",
        "The backup it describes cannot be trusted; check who wrote it, or update the module if it is newer.", key, inner);
}
