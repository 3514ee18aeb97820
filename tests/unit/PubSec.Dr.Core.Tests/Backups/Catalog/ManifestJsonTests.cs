using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Tests.Backups.Catalog;

public sealed class ManifestJsonTests
{
    private const string Key = "qdrant/docs/20260301T101542Z-abc123/manifest.json";

    /// <summary>A backup with every serialized member set to a value other than its default.</summary>
    internal static QdrantBackup FullSample() => new()
    {
        SchemaVersion = 1,
        Id = "20260301T101542Z-abc123",
        Status = BackupStatus.Incomplete,
        StartedAt = new DateTime(2026, 3, 1, 10, 15, 42, 123, DateTimeKind.Utc),
        CompletedAt = new DateTime(2026, 3, 1, 10, 17, 2, 456, DateTimeKind.Utc),
        Problems = ["Shard 2 has no data on any node.", "Node http://qdrant-2:6333 was unreachable."],
        Collection = "docs-ü/2",
        QdrantVersion = "1.20.0",
        Nodes = ["http://qdrant-0:6333", "http://qdrant-1:6333"],
        Config = new QdrantCollectionConfig
        {
            Vectors =
            [
                new QdrantVectorConfig { Name = "text", Size = 384, Distance = "Cosine" },
                new QdrantVectorConfig { Name = "image", Size = 512, Distance = "Dot" },
            ],
            ShardNumber = 4,
            ReplicationFactor = 2,
            WriteConsistencyFactor = 1,
        },
        PointCount = 1_234_567,
        Parts =
        [
            new QdrantBackupPart
            {
                Key = "qdrant/docs/20260301T101542Z-abc123/node0-18446744073709551615.snapshot",
                Size = 18_956_800,
                Sha256 = new string('a', 64),
                NodeUri = "http://qdrant-0:6333",
                PeerId = ulong.MaxValue,
                SnapshotName = "docs-18446744073709551615-2026-03-01-10-15-42.snapshot",
                QdrantChecksum = new string('b', 64),
                StoredSize = 18_957_312,
                StoredSha256 = new string('f', 64),
                Encryption = new PartEncryption
                {
                    ContentAlgorithm = "aes256-cbc",
                    Recipients = [new EncryptionRecipient { Subject = "CN=dr", Issuer = "CN=ca", SerialNumber = "0A1B", Thumbprint = new string('A', 40) }],
                },
                Shards =
                [
                    new QdrantPartShard { ShardId = 3, PointCount = 400_000, State = "Active", HasData = true },
                    new QdrantPartShard { ShardId = 1, PointCount = 1, State = "Dead", HasData = true },
                ],
            },
            new QdrantBackupPart
            {
                Key = "qdrant/docs/20260301T101542Z-abc123/node1-42.snapshot",
                Size = 11_264,
                Sha256 = new string('c', 64),
                NodeUri = "http://qdrant-1:6333",
                PeerId = 42,
                SnapshotName = "docs-42-2026-03-01-10-15-43.snapshot",
                QdrantChecksum = "d" + new string('e', 63),
                Shards = [new QdrantPartShard { ShardId = 1, PointCount = 5, State = "Partial", HasData = true }],
            },
        ],
        MissingShards = [2],
        Tags = ["forensic"],
        Sample = [new QdrantPointDigest { Id = "42", PayloadSha256 = new string('c', 64), VectorSha256 = new string('d', 64) }],
        GoldenQueries = [new QdrantGoldenQuery { VectorName = "text", Vector = [0.5f, -1.25f], Limit = 10, ResultIds = ["42", "7"] }],
        Store = new PubSec.Dr.Storage.Folder.FolderBackupStore("/var/backups"),
        ManifestKey = Key,
    };

    [Fact]
    public async Task ManifestWrittenBeforeSamplesExisted_ReadsWithEmptySampleAndGoldenQueries()
    {
        var json = JsonNode.Parse(ManifestJson.Serialize(FullSample()))!.AsObject();
        json.Remove("sample");
        json.Remove("goldenQueries");

        var backup = (QdrantBackup)await DeserializeAsync(json.ToJsonString());

        Assert.Empty(backup.Sample);
        Assert.Empty(backup.GoldenQueries);
        Assert.Equal(FullSample().Parts.Length, backup.Parts.Length);
    }

    [Fact]
    public void Sample_SetsEverySerializedMember()
    {
        // Guards the round-trip test: a member left at its default would pass it without being checked.
        AssertNoDefaults(FullSample(), "backup");
    }

    [Fact]
    public async Task RoundTrip_KeepsEveryField()
    {
        var original = FullSample();

        var read = await DeserializeAsync(ManifestJson.Serialize(original));

        var backup = Assert.IsType<QdrantBackup>(read);
        AssertSerializedMembersEqual(original, backup, "backup");
        Assert.Equal(DateTimeKind.Utc, backup.StartedAt.Kind);
        Assert.Equal(DateTimeKind.Utc, backup.CompletedAt.Kind);
        Assert.Equal(original.SizeBytes, backup.SizeBytes);
        Assert.Equal(original.Duration, backup.Duration);
    }

    [Fact]
    public void Serialize_UsesCamelCaseNamesAndWritesNoIgnoredMembers()
    {
        using var json = JsonDocument.Parse(ManifestJson.Serialize(FullSample()));
        var root = json.RootElement;

        Assert.Equal(
            ["collection", "completedAt", "config", "goldenQueries", "id", "kind", "missingShards", "nodes", "parts", "pointCount",
             "problems", "qdrantVersion", "sample", "schemaVersion", "startedAt", "status", "tags"],
            Names(root));
        Assert.Equal(["id", "payloadSha256", "vectorSha256"], Names(root.GetProperty("sample")[0]));
        Assert.Equal(["limit", "resultIds", "vector", "vectorName"], Names(root.GetProperty("goldenQueries")[0]));
        Assert.Equal(["replicationFactor", "shardNumber", "vectors", "writeConsistencyFactor"], Names(root.GetProperty("config")));
        Assert.Equal(["distance", "name", "size"], Names(root.GetProperty("config").GetProperty("vectors")[0]));
        var part = root.GetProperty("parts")[0];
        Assert.Equal(["encryption", "key", "nodeUri", "peerId", "qdrantChecksum", "sha256", "shards", "size", "snapshotName", "storedSha256", "storedSize"], Names(part));
        Assert.Equal(["contentAlgorithm", "format", "recipients"], Names(part.GetProperty("encryption")));
        Assert.Equal(["issuer", "serialNumber", "subject", "thumbprint"], Names(part.GetProperty("encryption").GetProperty("recipients")[0]));
        // A plaintext part writes no encryption members, so manifests of unencrypted backups keep their shape.
        Assert.Equal(["key", "nodeUri", "peerId", "qdrantChecksum", "sha256", "shards", "size", "snapshotName"], Names(root.GetProperty("parts")[1]));
        Assert.Equal(["hasData", "pointCount", "shardId", "state"], Names(part.GetProperty("shards")[0]));
    }

    [Fact]
    public void Serialize_WritesEnumsAsStringsAndKindAndSchemaVersion()
    {
        using var json = JsonDocument.Parse(ManifestJson.Serialize(FullSample()));
        var root = json.RootElement;

        Assert.Equal("Incomplete", root.GetProperty("status").GetString());
        Assert.Equal("Qdrant", root.GetProperty("kind").GetString());
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(ulong.MaxValue, root.GetProperty("parts")[0].GetProperty("peerId").GetUInt64());
        Assert.Equal("2026-03-01T10:15:42.123Z", root.GetProperty("startedAt").GetString());
    }

    [Fact]
    public void Serialize_LeavesOutStoreManifestKeyAndComputedMembers()
    {
        var text = Encoding.UTF8.GetString(ManifestJson.Serialize(FullSample()));

        Assert.DoesNotContain("file:///var/backups/", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
        foreach (var ignored in new[] { "store", "manifestKey", "allParts", "sizeBytes", "duration" })
        {
            Assert.DoesNotContain($"\"{ignored}\"", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Deserialize_IgnoresMembersItDoesNotKnow()
    {
        var backup = await DeserializeAsync("""{"schemaVersion":1,"kind":"Qdrant","id":"x","futureField":{"a":1},"collection":"docs"}""");

        var qdrant = Assert.IsType<QdrantBackup>(backup);
        Assert.Equal("x", qdrant.Id);
        Assert.Equal("docs", qdrant.Collection);
    }

    [Fact]
    public async Task Deserialize_DoesNotReadStoreOrManifestKeyFromTheFile()
    {
        var backup = await DeserializeAsync("""{"schemaVersion":1,"kind":"Qdrant","id":"x","store":"s3://evil/","manifestKey":"../../x"}""");

        Assert.Null(backup.Store);
        Assert.Equal(string.Empty, backup.ManifestKey);
    }

    [Theory]
    [InlineData("""{"schemaVersion":1,"kind":"Postgres","id":"x"}""", "kind 'Postgres' is unknown")]
    [InlineData("""{"schemaVersion":1,"kind":"Redis","id":"x","parts":[]}""", "required members are null or empty: parts, name")]
    [InlineData("""{"schemaVersion":1,"id":"x"}""", "kind '' is unknown")]
    [InlineData("""{"schemaVersion":1,"kind":"qdrant","id":"x"}""", "kind 'qdrant' is unknown")]
    [InlineData("""{"schemaVersion":0,"kind":"Qdrant","id":"x"}""", "schema version 0")]
    [InlineData("""{"schemaVersion":99,"kind":"Qdrant","id":"x"}""", "schema version 99")]
    [InlineData("""{"schemaVersion":-1,"kind":"Qdrant","id":"x"}""", "schema version -1")]
    [InlineData("""{"kind":"Qdrant","id":"x"}""", "schema version 0")]
    [InlineData("""{"schemaVersion":1,"kind":"Qdrant","status":"Exploded"}""", "cannot be read")]
    [InlineData("""{"schemaVersion":1,"kind":"Qdrant","pointCount":"many"}""", "cannot be read")]
    [InlineData("""{"schemaVersion":1,"kind":"Qdrant",""", "cannot be read")]
    [InlineData("not json", "cannot be read")]
    [InlineData("", "cannot be read")]
    public async Task Deserialize_InvalidManifest_ThrowsBackupManifestInvalid(string json, string expected)
    {
        var error = await Assert.ThrowsAsync<DrException>(() => DeserializeAsync(json));

        Assert.Equal(ErrorIds.BackupManifestInvalid, error.ErrorId);
        Assert.Equal(DrErrorCategory.InvalidData, error.Category);
        Assert.Equal(Key, error.Target);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deserialize_SyntaxError_KeepsTheJsonExceptionAsInner()
    {
        var error = await Assert.ThrowsAsync<DrException>(() => DeserializeAsync("{\"schemaVersion\":1,"));
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"manifest\"")]
    [InlineData("""{"schemaVersion":"1","kind":"Qdrant"}""")]
    [InlineData("""{"schemaVersion":1.5,"kind":"Qdrant"}""")]
    [InlineData("""{"schemaVersion":1,"kind":7}""")]
    public async Task Deserialize_JsonOfTheWrongShape_ThrowsBackupManifestInvalid(string json)
    {
        var error = await Assert.ThrowsAsync<DrException>(() => DeserializeAsync(json));
        Assert.Equal(ErrorIds.BackupManifestInvalid, error.ErrorId);
    }

    [Theory]
    [InlineData("parts")]
    [InlineData("problems")]
    [InlineData("config")]
    [InlineData("nodes")]
    public async Task Deserialize_NullForANonNullableMember_IsRejectedOrNormalized(string member)
    {
        var json = "{\"schemaVersion\":1,\"kind\":\"Qdrant\",\"id\":\"x\",\"" + member + "\":null}";

        DrBackup backup;
        try
        {
            backup = await DeserializeAsync(json);
        }
        catch (DrException error)
        {
            Assert.Equal(ErrorIds.BackupManifestInvalid, error.ErrorId);
            return;
        }

        var qdrant = Assert.IsType<QdrantBackup>(backup);
        Assert.NotNull(qdrant.Parts);
        Assert.NotNull(qdrant.Problems);
        Assert.NotNull(qdrant.Config);
        Assert.NotNull(qdrant.Nodes);
        Assert.Equal(0, qdrant.SizeBytes);
    }

    private static Task<DrBackup> DeserializeAsync(string json) => DeserializeAsync(Encoding.UTF8.GetBytes(json));

    private static Task<DrBackup> DeserializeAsync(byte[] json) =>
        ManifestJson.DeserializeAsync(new MemoryStream(json), Key, CancellationToken.None);

    private static string[] Names(JsonElement element) =>
        element.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal).ToArray();

    private static IEnumerable<PropertyInfo> SerializedMembers(Type type) => type
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(property => property.GetCustomAttribute<JsonIgnoreAttribute>() is null && property.CanWrite);

    private static bool IsLeaf(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(DateTime)
        || type == typeof(decimal) || Nullable.GetUnderlyingType(type) is not null;

    private static void AssertSerializedMembersEqual(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null || IsLeaf(expected.GetType()))
        {
            Assert.True(Equals(expected, actual), $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }

        if (expected is IEnumerable expectedItems)
        {
            var left = expectedItems.Cast<object?>().ToList();
            var right = Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
            Assert.True(left.Count == right.Count, $"{path}: expected {left.Count} items, got {right.Count}");
            for (var i = 0; i < left.Count; i++)
            {
                AssertSerializedMembersEqual(left[i], right[i], $"{path}[{i}]");
            }

            return;
        }

        Assert.Equal(expected.GetType(), actual.GetType());
        foreach (var property in SerializedMembers(expected.GetType()))
        {
            AssertSerializedMembersEqual(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
        }
    }

    private static void AssertNoDefaults(object value, string path)
    {
        foreach (var property in SerializedMembers(value.GetType()))
        {
            var member = property.GetValue(value);
            var memberPath = $"{path}.{property.Name}";
            Assert.True(member is not null, $"{memberPath} is null");
            var type = member.GetType();
            if (type.IsValueType && !type.IsEnum)
            {
                Assert.False(member.Equals(Activator.CreateInstance(type)), $"{memberPath} has its default value");
            }
            else if (member is string text)
            {
                Assert.False(text.Length == 0, $"{memberPath} is empty");
            }
            else if (member is IEnumerable items)
            {
                var list = items.Cast<object>().ToList();
                Assert.False(list.Count == 0, $"{memberPath} is empty");
                foreach (var item in list.Where(item => !IsLeaf(item.GetType())))
                {
                    AssertNoDefaults(item, memberPath + "[]");
                }
            }
            else if (!type.IsEnum)
            {
                AssertNoDefaults(member, memberPath);
            }
        }
    }
}
