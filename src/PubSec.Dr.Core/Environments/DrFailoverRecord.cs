namespace PubSec.Dr.Environments;

/// <summary>A record set that moves in a failover: its name (lower case, trailing dot), type, TTL, routing identifier, and its values per region.</summary>
public sealed record DrFailoverRecord(string Name, string Type, int Ttl, string? SetIdentifier, IReadOnlyDictionary<string, IReadOnlyList<string>> Values)
{
    public const int DefaultTtl = 60;

    /// <summary>The name without its trailing dot, as resolvers are asked for it.</summary>
    public string HostName => Name.TrimEnd('.');

    /// <summary>The region whose values these are exactly (order ignored), or null when they match none.</summary>
    public string? RegionOf(IEnumerable<string> values)
    {
        var seen = values.Select(Normalize).Order(StringComparer.Ordinal).ToArray();
        return Values.FirstOrDefault(pair => pair.Value.Select(Normalize).Order(StringComparer.Ordinal).SequenceEqual(seen, StringComparer.Ordinal)).Key;
    }

    private static string Normalize(string value) => value.Trim().TrimEnd('.').ToLowerInvariant();
}
