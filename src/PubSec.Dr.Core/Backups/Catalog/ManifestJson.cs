using System.Text.Json;
using System.Text.Json.Serialization;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Backups.Catalog;

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
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(key, $"it is a JSON {root.ValueKind}, not an object", null);
            }

            var version = root.TryGetProperty("schemaVersion", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : 0;
            if (version is < 1 or > CurrentSchemaVersion)
            {
                throw Invalid(key, $"schema version {version} is not one this module reads (1..{CurrentSchemaVersion})", null);
            }

            var kind = root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            DrBackup? backup = kind switch
            {
                QdrantBackup.KindName => root.Deserialize<QdrantBackup>(Options),
                RedisBackup.KindName => root.Deserialize<RedisBackup>(Options),
                KubernetesConfigBackup.KindName => root.Deserialize<KubernetesConfigBackup>(Options),
                _ => throw Invalid(key, $"kind '{kind}' is unknown", null),
            };
            return backup is null ? throw Invalid(key, "it is empty", null) : RequireComplete(backup, key);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NotSupportedException)
        {
            throw Invalid(key, ex.Message, ex);
        }
    }

    // Explicit nulls deserialize over the defaults; a manifest with them is not one this module wrote.
    private static DrBackup RequireComplete(DrBackup backup, string key)
    {
        var missing = new List<string>();
        if (string.IsNullOrEmpty(backup.Id)) missing.Add("id");
        if (backup.Problems is null) missing.Add("problems");
        if (backup.Tags is null) missing.Add("tags");
        if (backup is QdrantBackup q)
        {
            if (q.Parts is null || q.Parts.Any(p => p is null || p.Shards is null || p.Key is null || p.Sha256 is null)) missing.Add("parts");
            if (q.Config is null || q.Config.Vectors is null) missing.Add("config");
            if (q.Nodes is null) missing.Add("nodes");
            if (q.MissingShards is null) missing.Add("missingShards");
            if (q.Collection is null) missing.Add("collection");
            if (q.Sample is null || q.GoldenQueries is null) missing.Add("sample");
        }

        if (backup is RedisBackup r)
        {
            if (r.Parts is null || r.Parts.Length != 1 || r.Parts.Any(p => p is null || p.Key is null || p.Sha256 is null)) missing.Add("parts");
            if (string.IsNullOrEmpty(r.Name)) missing.Add("name");
            if (r.Endpoint is null || r.RedisVersion is null || r.Role is null) missing.Add("endpoint");
        }

        if (backup is KubernetesConfigBackup k)
        {
            if (k.Parts is null || k.Parts.Length is < 1 or > 2 || k.Parts.Any(p => p is null || p.Key is null || p.Sha256 is null)) missing.Add("parts");
            if (string.IsNullOrEmpty(k.Namespace)) missing.Add("namespace");
            if (k.ObjectCounts is null) missing.Add("objectCounts");
            if (k.Skipped is null || k.Skipped.Any(s => s is null)) missing.Add("skipped");
        }

        return missing.Count == 0 ? backup : throw Invalid(key, $"required members are null or empty: {string.Join(", ", missing)}", null);
    }

    private static DrException Invalid(string key, string why, Exception? inner) => new(
        ErrorIds.BackupManifestInvalid, DrErrorCategory.InvalidData,
        $"The manifest '{key}' cannot be read: {why}.",
        "The backup it describes cannot be trusted; check who wrote it, or update the module if it is newer.", key, inner);
}
