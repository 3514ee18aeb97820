namespace PubSec.Dr.Redis;

/// <summary>DUMP and PTTL of one key: a null payload or PTTL -2 means the key is gone.</summary>
public sealed record RedisKeyDump(byte[]? Payload, long Pttl)
{
    public bool Gone => Payload is null || Pttl == -2;
}
