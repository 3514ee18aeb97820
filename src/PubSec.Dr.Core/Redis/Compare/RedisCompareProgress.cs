namespace PubSec.Dr.Redis.Compare;

/// <summary>
/// Where a comparison stands: the reference pass reads every reference key, the extra pass every difference key.
/// ReferenceKeyTotal is the reference's DBSIZE, an upper bound for a pattern.
/// </summary>
public sealed record RedisCompareProgress(string Phase, long KeysCompared, long DifferenceKeysScanned, long Differences, long ReferenceKeyTotal);
