namespace PubSec.Dr.Redis;

/// <summary>
/// The Redis type a DUMP payload holds, from its first byte (the RDB object type, rdb.h): a drill compares it with
/// TYPE on the server the payload was restored into. Every encoding of a type (ziplist, listpack, quicklist,
/// intset, hashes with field expiry) maps to that type; module values are Unknown, as TYPE reports them here.
/// </summary>
public static class RdbObjectTypes
{
    public static RedisKeyType KeyType(ReadOnlySpan<byte> payload) => payload.IsEmpty ? RedisKeyType.None : payload[0] switch
    {
        0 => RedisKeyType.String,
        1 or 10 or 14 or 18 => RedisKeyType.List,
        2 or 11 or 20 => RedisKeyType.Set,
        3 or 5 or 12 or 17 => RedisKeyType.SortedSet,
        4 or 9 or 13 or 16 or 22 or 23 or 24 or 25 => RedisKeyType.Hash,
        15 or 19 or 21 => RedisKeyType.Stream,
        _ => RedisKeyType.Unknown,
    };
}
