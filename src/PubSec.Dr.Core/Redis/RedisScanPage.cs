namespace PubSec.Dr.Redis;

/// <summary>One SCAN step: the cursor to continue from (0 when the scan is complete) and the keys returned.</summary>
public sealed record RedisScanPage(long Cursor, byte[][] Keys);
