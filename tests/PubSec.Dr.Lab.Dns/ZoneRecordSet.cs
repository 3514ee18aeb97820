namespace PubSec.Dr.Lab.Dns;

/// <summary>One resource record set as Route53 lists it: owner name (lower case, trailing dot), type, TTL and values.</summary>
internal sealed record ZoneRecordSet(string Name, string Type, int Ttl, IReadOnlyList<string> Values)
{
    public static string NormalizeName(string name)
    {
        // Route53 returns "*" as the octal escape \052; DNS names compare case-insensitively.
        var n = name.Replace("\\052", "*", StringComparison.Ordinal).Trim().ToLowerInvariant();
        return n.EndsWith('.') ? n : n + ".";
    }

    /// <summary>PRIMARY or SECONDARY for a failover set, null for a plain one; only used to pick the set to serve.</summary>
    public string? Failover { get; init; }

    /// <summary>A stable text form, so two listings of the same zone compare equal.</summary>
    public string Key => $"{Name} {Type} {Ttl} {string.Join(" | ", Values)}";
}
