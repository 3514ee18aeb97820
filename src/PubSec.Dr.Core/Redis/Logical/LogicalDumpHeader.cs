namespace PubSec.Dr.Redis.Logical;

/// <summary>What the first record of a logical dump says about the whole file.</summary>
public sealed record LogicalDumpHeader(ushort FormatVersion, string RedisVersion, int RdbVersion, string? Pattern, DateTime CreatedAt, int Database);
