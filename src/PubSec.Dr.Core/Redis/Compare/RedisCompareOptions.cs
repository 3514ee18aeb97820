namespace PubSec.Dr.Redis.Compare;

/// <summary>What to compare and how strictly.</summary>
public sealed class RedisCompareOptions
{
    public const int DefaultBatchSize = 1000;

    /// <summary>SCAN MATCH pattern; null compares every key of database 0.</summary>
    public string? Pattern { get; init; }

    /// <summary>
    /// How far apart two TTLs may be and still count as equal: the two sides are read a few milliseconds apart,
    /// and a restore or replication sets expiries at slightly different moments.
    /// </summary>
    public TimeSpan TtlTolerance { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Keys per SCAN call and per pipelined read; memory is bounded by this many keys' DUMP payloads.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;
}
