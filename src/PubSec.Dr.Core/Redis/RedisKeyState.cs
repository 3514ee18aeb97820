namespace PubSec.Dr.Redis;

/// <summary>A key as read on one side: its type (None when absent), PTTL in ms (-1 no expiry, -2 absent) and DUMP payload.</summary>
public sealed record RedisKeyState(RedisKeyType Type, long Pttl, byte[]? Dump)
{
    public bool Exists => Type != RedisKeyType.None;

    /// <summary>The time to live, or null when the key does not expire or is absent.</summary>
    public TimeSpan? Ttl => Pttl >= 0 ? TimeSpan.FromMilliseconds(Pttl) : null;

    public static string TypeName(RedisKeyType type) => type switch
    {
        RedisKeyType.SortedSet => "zset",
        _ => type.ToString().ToLowerInvariant(),
    };
}
