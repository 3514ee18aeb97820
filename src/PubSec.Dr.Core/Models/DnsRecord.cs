namespace PubSec.Dr;

/// <summary>
/// A failover record of the environment as the hosted zone holds it now (Get-DrDnsRecord), and which region's
/// values it carries: a region name, or "none" when it matches no region (or is not in the zone).
/// </summary>
public sealed class DnsRecord
{
    public string Environment { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Type { get; set; } = string.Empty;

    public string? SetIdentifier { get; set; }

    public long? Ttl { get; set; }

    public string[] Values { get; set; } = [];

    /// <summary>The region whose values these are (order ignored), or "none".</summary>
    public string Region { get; set; } = NoRegion;

    /// <summary>Route53's failover role of the set (PRIMARY or SECONDARY), if it has one.</summary>
    public string? Failover { get; set; }

    /// <summary>False when the zone holds no such record set (or cannot: the name is outside the zone).</summary>
    public bool InZone { get; set; }

    public string HostedZoneId { get; set; } = string.Empty;

    public string ZoneName { get; set; } = string.Empty;

    public const string NoRegion = "none";
}
