namespace PubSec.Dr.Redis;

/// <summary>What TYPE answers; None when the key does not exist, Unknown for module types.</summary>
public enum RedisKeyType
{
    None,
    String,
    List,
    Set,
    SortedSet,
    Hash,
    Stream,
    Unknown,
}
