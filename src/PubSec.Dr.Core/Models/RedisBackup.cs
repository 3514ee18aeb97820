using System.Text.Json.Serialization;

namespace PubSec.Dr;

/// <summary>
/// A backup of one Redis server: an RDB file or a logical dump of its keys, one part either way. Serialized as
/// the manifest, written last.
/// </summary>
public sealed class RedisBackup : DrBackup
{
    public const string KindName = "Redis";

    public override string Kind => KindName;

    /// <summary>The name backups of this server are grouped and stored under (e.g. "tenant-balances"); defaults to host-port.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>host:port of the server backed up, never with a password.</summary>
    public string Endpoint { get; set; } = string.Empty;

    public RedisBackupMode Mode { get; set; }

    /// <summary>The SCAN MATCH pattern of a logical backup; null for every key.</summary>
    public string? Pattern { get; set; }

    /// <summary>Keys in the backup (logical), or the server's key count when the RDB was taken.</summary>
    public long? KeyCount { get; set; }

    /// <summary>redis_version of the source server.</summary>
    public string RedisVersion { get; set; } = string.Empty;

    /// <summary>The source's role (master or slave) when the backup was taken.</summary>
    public string Role { get; set; } = string.Empty;

    /// <summary>The source's master_repl_offset when the backup started: where in the replication stream it stands.</summary>
    public long? ReplicationOffset { get; set; }

    /// <summary>RDB format version of the file (Rdb) or of the DUMP payloads (Logical); a target must load this version.</summary>
    public int? RdbVersion { get; set; }

    public BackupPart[] Parts { get; set; } = [];

    [JsonIgnore]
    public override IReadOnlyList<BackupPart> AllParts => Parts;

    [JsonIgnore]
    public override string Source => Name;
}
