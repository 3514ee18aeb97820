using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Config;

/// <summary>One dense vector space of a collection: dimension, distance and the optional on_disk flag.</summary>
internal sealed record VectorParams(ulong Size, Distance Distance, bool? OnDisk)
{
    public const ulong MaxSize = 65536;

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["size"] = Size, ["distance"] = Distance.ToString() };
        if (OnDisk is { } onDisk)
        {
            json["on_disk"] = onDisk;
        }

        return json;
    }

    /// <summary>Parses `{size, distance, on_disk?}`; `path` names the field in error messages like serde would.</summary>
    public static VectorParams Parse(JsonNode? node, string path, string where)
    {
        if (node is not JsonObject json)
        {
            throw QdrantException.Format(where, $"{path}: invalid type, expected struct VectorParams");
        }

        if (json["size"] is not JsonValue sizeValue || !sizeValue.TryGetValue<ulong>(out var size))
        {
            throw QdrantException.Format(where, $"{path}: missing or invalid field `size`");
        }

        if (size is 0 or > MaxSize)
        {
            throw QdrantException.Validation(where, $"{path}.size", $"value {size} invalid, must be from 1 to {MaxSize}");
        }

        var distanceText = (json["distance"] as JsonValue)?.TryGetValue<string>(out var text) == true ? text : null;
        if (distanceText is null)
        {
            throw QdrantException.Format(where, $"{path}: missing field `distance`");
        }

        if (!Enum.TryParse<Distance>(distanceText, ignoreCase: false, out var distance) || !Enum.IsDefined(distance))
        {
            throw QdrantException.Format(where,
                $"{path}.distance: unknown variant `{distanceText}`, expected one of `Cosine`, `Euclid`, `Dot`, `Manhattan`");
        }

        bool? onDisk = json["on_disk"] is JsonValue onDiskValue && onDiskValue.TryGetValue<bool>(out var flag) ? flag : null;
        return new VectorParams(size, distance, onDisk);
    }

    /// <summary>Rust Debug formatting, used verbatim in Qdrant's "not compatible" message.</summary>
    public string ToDebugString() =>
        $"VectorParams {{ size: {Size}, distance: {Distance}, hnsw_config: None, quantization_config: None, " +
        $"on_disk: {(OnDisk is { } flag ? $"Some({flag.ToString().ToLowerInvariant()})" : "None")}, datatype: None, multivector_config: None }}";
}
