namespace PubSec.Dr;

/// <summary>How a Redis backup was taken.</summary>
public enum RedisBackupMode
{
    /// <summary>The server's RDB file, pulled over the replication protocol as redis-cli --rdb does: byte-exact, same-or-newer server only.</summary>
    Rdb,

    /// <summary>Every key as DUMP + PTTL in the module's record format: works on managed services, restores with RESTORE.</summary>
    Logical,
}
