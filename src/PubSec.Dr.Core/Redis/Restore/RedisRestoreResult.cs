namespace PubSec.Dr;

/// <summary>What Restore-RedisBackup did: keys written and left alone (Logical), or the file placed (Rdb), with timing.</summary>
public sealed class RedisRestoreResult
{
    public string BackupId { get; set; } = string.Empty;

    /// <summary>The backup's name (the server it was taken of).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>host:port of the server restored into, or the dump.rdb path written.</summary>
    public string Target { get; set; } = string.Empty;

    public RedisBackupMode Mode { get; set; }

    /// <summary>The restore -Pattern; null when every key of the backup was offered.</summary>
    public string? Pattern { get; set; }

    /// <summary>Keys written (Logical), or keys the installed RDB holds, counted while it was verified (Rdb).</summary>
    public long KeysRestored { get; set; }

    /// <summary>Keys that already existed on the target and were left untouched (no -Replace).</summary>
    public long KeysSkipped { get; set; }

    /// <summary>Keys of the backup that -Pattern did not select.</summary>
    public long KeysNotMatched { get; set; }

    /// <summary>Bytes read from the store.</summary>
    public long Bytes { get; set; }

    /// <summary>SHA-256 of what was read, proven equal to the manifest's.</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>Rdb: where the dump.rdb this restore replaced was kept (dump.rdb.replaced-&lt;UTC time&gt;); null when there was none.</summary>
    public string? ReplacedFile { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime CompletedAt { get; set; }

    public TimeSpan Duration => CompletedAt - StartedAt;

    public double KeysPerSecond => Duration > TimeSpan.Zero ? Math.Round(KeysRestored / Duration.TotalSeconds, 1) : 0;

    /// <summary>Succeeded when everything offered was written; Partial when keys were skipped or the restore stopped on an error.</summary>
    public string Verdict { get; set; } = "Failed";
}
