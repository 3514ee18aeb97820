using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Config;

/// <summary>
/// A collection's vectors: either one unnamed space (JSON `{size, distance}`) or a map name → space.
/// The unnamed space is stored under the empty name, as Qdrant does internally.
/// </summary>
internal sealed class VectorsConfig : IEquatable<VectorsConfig>
{
    public const string DefaultName = "";

    private VectorsConfig(bool isNamed, IReadOnlyDictionary<string, VectorParams> spaces)
    {
        IsNamed = isNamed;
        Spaces = spaces;
    }

    public bool IsNamed { get; }

    public IReadOnlyDictionary<string, VectorParams> Spaces { get; }

    public static VectorsConfig Single(VectorParams parameters) =>
        new(false, new Dictionary<string, VectorParams> { [DefaultName] = parameters });

    public static VectorsConfig Named(IReadOnlyDictionary<string, VectorParams> spaces) =>
        new(true, new SortedDictionary<string, VectorParams>(spaces.ToDictionary(), StringComparer.Ordinal));

    public static VectorsConfig Parse(JsonNode? node, string where)
    {
        if (node is null)
        {
            // Qdrant accepts a collection without dense vectors: an empty map.
            return Named(new Dictionary<string, VectorParams>());
        }

        if (node is not JsonObject json)
        {
            throw QdrantException.Format(where, "vectors: data did not match any variant of untagged enum VectorsConfig");
        }

        if (json.ContainsKey("size") || json.ContainsKey("distance"))
        {
            return Single(VectorParams.Parse(json, "vectors", where));
        }

        var spaces = new Dictionary<string, VectorParams>(StringComparer.Ordinal);
        foreach (var (name, value) in json)
        {
            spaces[name] = VectorParams.Parse(value, $"vectors.{name}", where);
        }

        return Named(spaces);
    }

    public JsonNode ToJson()
    {
        if (!IsNamed)
        {
            return Spaces[DefaultName].ToJson();
        }

        var json = new JsonObject();
        foreach (var (name, parameters) in Spaces)
        {
            json[name] = parameters.ToJson();
        }

        return json;
    }

    /// <summary>The vector space a request names; a missing name is Qdrant's "Not existing vector name" error.</summary>
    public VectorParams Resolve(string name) =>
        Spaces.TryGetValue(name, out var parameters)
            ? parameters
            : throw QdrantException.BadInput($"Not existing vector name error: {(name.Length == 0 ? "\"\"" : name)}");

    /// <summary>Rust Debug formatting of the VectorsConfig enum, as printed in Qdrant's compatibility error.</summary>
    public string ToDebugString() => IsNamed
        ? "MultiVectors({" + string.Join(", ", Spaces.Select(pair => $"\"{pair.Key}\": {pair.Value.ToDebugString()}")) + "})"
        : $"Single({Spaces[DefaultName].ToDebugString()})";

    public bool Equals(VectorsConfig? other) =>
        other is not null && IsNamed == other.IsNamed && Spaces.Count == other.Spaces.Count
        && Spaces.All(pair => other.Spaces.TryGetValue(pair.Key, out var theirs) && theirs == pair.Value);

    public override bool Equals(object? obj) => Equals(obj as VectorsConfig);

    public override int GetHashCode() => HashCode.Combine(IsNamed, Spaces.Count);
}
