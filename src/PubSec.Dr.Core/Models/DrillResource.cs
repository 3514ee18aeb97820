namespace PubSec.Dr;

/// <summary>Something a drill created in a region (a scratch collection, a drill DNS record, a namespace, a Redis key prefix) and what became of it.</summary>
public sealed class DrillResource
{
    /// <summary>QdrantCollection, RedisKeys, DnsRecord, Namespace, Secret, ...</summary>
    public string Kind { get; set; } = string.Empty;

    public string Region { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>The drill that created it (a leftover of a killed drill names that one).</summary>
    public string DrillId { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RemovedAt { get; set; }

    public override string ToString() => $"{Kind} {Region}/{Name}";
}
