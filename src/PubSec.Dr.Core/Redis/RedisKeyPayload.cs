namespace PubSec.Dr.Redis;

/// <summary>A key to RESTORE: its bytes, the TTL to give it (PTTL in ms; negative: no expiry) and its DUMP payload.</summary>
public sealed record RedisKeyPayload(byte[] Key, long PttlMilliseconds, byte[] Payload);
