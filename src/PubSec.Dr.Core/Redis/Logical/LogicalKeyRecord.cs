namespace PubSec.Dr.Redis.Logical;

/// <summary>One key of a logical dump: its bytes, its remaining time to live when dumped (-1: none) and its DUMP payload.</summary>
public sealed record LogicalKeyRecord(byte[] Key, long PttlMilliseconds, byte[] Payload)
{
    /// <summary>The key for messages: UTF-8 when it is printable, otherwise escaped like redis-cli does; cut at 200 characters.</summary>
    public string DisplayKey => RedisKeyText.Display(Key);
}
