using StackExchange.Redis;

namespace PubSec.Dr.Redis.Compare;

/// <summary>A key as read on one side: its type (None when absent), PTTL in ms (-1 no expiry, -2 absent) and DUMP payload.</summary>
public sealed record RedisKeyState(RedisType Type, long Pttl, byte[]? Dump)
{
    public bool Exists => Type != RedisType.None;

    /// <summary>The time to live, or null when the key does not expire or is absent.</summary>
    public TimeSpan? Ttl => Pttl >= 0 ? TimeSpan.FromMilliseconds(Pttl) : null;

    public static string TypeName(RedisType type) => type switch
    {
        RedisType.SortedSet => "zset",
        _ => type.ToString().ToLowerInvariant(),
    };
}
