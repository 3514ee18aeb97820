namespace PubSec.Dr.Redis;

/// <summary>One stream entry: its id and its field/value pairs in order.</summary>
public sealed record RedisStreamEntry(string Id, (byte[] Name, byte[] Value)[] Fields);
