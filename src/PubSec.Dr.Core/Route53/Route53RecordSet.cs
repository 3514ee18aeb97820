namespace PubSec.Dr.Route53;

/// <summary>
/// A resource record set as Route53 holds it: the fields a failover moves (TTL, values) and the routing fields
/// (failover, weight, latency region, health check) that an UPSERT must carry over unchanged, or it would turn a
/// failover pair into simple records. Alias and geo records are out of scope: <see cref="IsAlias"/> says so.
/// </summary>
public sealed record Route53RecordSet
{
    public required string Name { get; init; }

    public required string Type { get; init; }

    public string? SetIdentifier { get; init; }

    public long? Weight { get; init; }

    public string? Region { get; init; }

    public string? Failover { get; init; }

    public bool? MultiValueAnswer { get; init; }

    public long? Ttl { get; init; }

    public IReadOnlyList<string> Values { get; init; } = [];

    public string? HealthCheckId { get; init; }

    /// <summary>True when the set is an alias (AliasTarget): it has no TTL or values of its own.</summary>
    public bool IsAlias { get; init; }

    /// <summary>Same name (case and trailing dot ignored), type and set identifier: the key Route53 replaces on.</summary>
    public bool SameKey(string name, string type, string? setIdentifier) =>
        Route53Names.Equal(Name, name)
        && string.Equals(Type, type, StringComparison.OrdinalIgnoreCase)
        && string.Equals(SetIdentifier ?? string.Empty, setIdentifier ?? string.Empty, StringComparison.Ordinal);
}
