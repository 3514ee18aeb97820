namespace PubSec.Dr.Redis.Backup;

/// <summary>A Redis backup taken, and why its format is not the one asked for (null when it is).</summary>
public sealed record RedisBackupOutcome(RedisBackup Backup, string? FallbackReason)
{
    public bool FellBack => FallbackReason is not null;
}
