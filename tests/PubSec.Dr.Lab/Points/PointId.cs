using System.Buffers.Binary;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Points;

/// <summary>
/// A Qdrant point id: an unsigned integer or a UUID. Ordering is Qdrant's: every integer before every UUID,
/// UUIDs by their 128-bit value (which is the order of their canonical lower-case text).
/// </summary>
internal readonly record struct PointId : IComparable<PointId>
{
    private PointId(ulong? number, string? uuid)
    {
        Number = number;
        Uuid = uuid;
    }

    public ulong? Number { get; }

    /// <summary>Canonical form "xxxxxxxx-xxxx-…", lower case.</summary>
    public string? Uuid { get; }

    public static PointId FromNumber(ulong number) => new(number, null);

    public static PointId FromUuid(Guid uuid) => new(null, uuid.ToString("D"));

    public static bool TryParseUuid(string text, out PointId id)
    {
        id = default;
        if (!Guid.TryParse(text, out var guid))
        {
            return false;
        }

        id = FromUuid(guid);
        return true;
    }

    public static PointId Parse(JsonNode? node, string where)
    {
        if (node is JsonValue value)
        {
            if (value.TryGetValue<ulong>(out var number))
            {
                return FromNumber(number);
            }

            if (value.TryGetValue<string>(out var text) && TryParseUuid(text, out var id))
            {
                return id;
            }
        }

        throw QdrantException.Format(where,
            $"value {node?.ToJsonString() ?? "null"} is not a valid point ID, valid values are either an unsigned integer or a UUID");
    }

    public JsonNode ToJson() => Number is { } number ? JsonValue.Create(number) : JsonValue.Create(Uuid!);

    /// <summary>Deterministic shard routing: FNV-1a over the id's bytes, modulo the shard count.</summary>
    public int ShardOf(uint shardNumber)
    {
        Span<byte> bytes = stackalloc byte[16];
        int length;
        if (Number is { } number)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, number);
            length = 8;
        }
        else
        {
            Convert.FromHexString(Uuid!.Replace("-", string.Empty, StringComparison.Ordinal)).CopyTo(bytes);
            length = 16;
        }

        var hash = 14695981039346656037UL;
        foreach (var b in bytes[..length])
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return (int)(hash % shardNumber);
    }

    public int CompareTo(PointId other) => (Number, other.Number) switch
    {
        ({ } mine, { } theirs) => mine.CompareTo(theirs),
        ({ }, null) => -1,
        (null, { }) => 1,
        _ => string.CompareOrdinal(Uuid, other.Uuid),
    };

    public override string ToString() => Number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Uuid!;
}
