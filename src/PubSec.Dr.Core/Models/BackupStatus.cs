namespace PubSec.Dr;

/// <summary>
/// Succeeded: every part stored and verified and every shard covered. Incomplete: the parts that exist are
/// sound but the backup does not hold all the data (see MissingShards/Problems); never restore from it blindly.
/// </summary>
public enum BackupStatus
{
    Succeeded,
    Incomplete,
}
