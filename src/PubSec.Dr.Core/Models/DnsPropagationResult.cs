namespace PubSec.Dr;

/// <summary>
/// What one resolver answered for one record during Test-DrDnsPropagation: its first and last answer, the TTL
/// left on the last one, and whether (and after how long) it answered exactly the expected values.
/// </summary>
public sealed class DnsPropagationResult
{
    public string Name { get; set; } = string.Empty;

    public string Type { get; set; } = string.Empty;

    public string Resolver { get; set; } = string.Empty;

    /// <summary>ip:port of the resolver.</summary>
    public string Address { get; set; } = string.Empty;

    /// <summary>True for the zone's authoritative servers (asked without recursion).</summary>
    public bool Authoritative { get; set; }

    public string[] Expected { get; set; } = [];

    /// <summary>The answer to the first query: before the change reached it, the old values.</summary>
    public string[]? FirstAnswer { get; set; }

    /// <summary>The answer to the last query (empty for NXDOMAIN or no data).</summary>
    public string[]? Answer { get; set; }

    /// <summary>The smallest TTL of the last answer's records: how long a cache may still serve it.</summary>
    public int? RemainingTtl { get; set; }

    public bool Converged { get; set; }

    /// <summary>From the start of the check to the first query that got the expected values.</summary>
    public TimeSpan? TimeToConverge { get; set; }

    public int Queries { get; set; }

    /// <summary>The id of the failure (DnsResolverUnreachable, DnsPropagationTimeout), if any.</summary>
    public string? ErrorId { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset StartedAt { get; set; }
}
