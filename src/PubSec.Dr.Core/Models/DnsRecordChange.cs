namespace PubSec.Dr;

/// <summary>One record of a switch: what the zone held before, and what the UPSERT sets.</summary>
public sealed class DnsRecordChange
{
    public string Action { get; set; } = "UPSERT";

    public string Name { get; set; } = string.Empty;

    public string Type { get; set; } = string.Empty;

    public string? SetIdentifier { get; set; }

    public long? TtlBefore { get; set; }

    public long Ttl { get; set; }

    /// <summary>Values before the switch (empty when the zone did not hold the record set: the UPSERT creates it).</summary>
    public string[] Before { get; set; } = [];

    public string[] After { get; set; } = [];

    /// <summary>The region the record pointed at before, or "none".</summary>
    public string RegionBefore { get; set; } = DnsRecord.NoRegion;

    /// <summary>False when the record already held these values and TTL (the UPSERT is then harmless).</summary>
    public bool Changed { get; set; }

    public override string ToString() =>
        $"{Action} {Name} {Type}{(SetIdentifier is null ? string.Empty : $" [{SetIdentifier}]")} "
        + $"{(Before.Length == 0 ? "(absent)" : string.Join(',', Before))} -> {string.Join(',', After)} (TTL {Ttl})";
}
