namespace PubSec.Dr;

/// <summary>
/// Get-DrStatus' row for one Qdrant collection or Redis name (PSTypeName PubSec.Dr.DrStatus): the newest backup, the
/// newest backup a restore proved and the last drill of the store, each with its age and OK / WARN / FAIL against the
/// objective it answers to (the reason says which), and the worst of them.
/// </summary>
public sealed class DrStatus
{
    public string Kind { get; set; } = string.Empty;

    /// <summary>The collection or Redis name.</summary>
    public string Source { get; set; } = string.Empty;

    public string? NewestBackupId { get; set; }

    public DateTime? NewestBackupAt { get; set; }

    public TimeSpan? NewestBackupAge { get; set; }

    public DrHealth BackupHealth { get; set; }

    public string? VerifiedBackupId { get; set; }

    /// <summary>Completion of the newest backup a restore proved.</summary>
    public DateTime? VerifiedBackupAt { get; set; }

    public TimeSpan? VerifiedBackupAge { get; set; }

    /// <summary>What proved it (Test-BackupIntegrity -Level Restore, or the drill).</summary>
    public string? VerifiedBy { get; set; }

    public DrHealth VerifiedHealth { get; set; }

    /// <summary>The latest integrity check of any of the source's backups, as "&lt;level&gt; &lt;verdict&gt; &lt;backup id&gt;".</summary>
    public string? LastIntegrity { get; set; }

    public DateTime? LastIntegrityAt { get; set; }

    /// <summary>FAIL while any backup's latest check failed; WARN when no check is recent (daily, plan 3.2).</summary>
    public DrHealth IntegrityHealth { get; set; }

    /// <summary>Redis only, with -Environment: the worst replica's lag behind the primary region, in seconds and bytes.</summary>
    public long? ReplicationLagSeconds { get; set; }

    public long? ReplicationLagBytes { get; set; }

    /// <summary>Redis only, when measured: OK when every replica is healthy, WARN when linked but behind, FAIL when a link is down.</summary>
    public DrHealth? ReplicationHealth { get; set; }

    /// <summary>The last drill of the store's environment(s), as "&lt;scenario&gt; &lt;verdict&gt;".</summary>
    public string? LastDrill { get; set; }

    public DateTimeOffset? LastDrillAt { get; set; }

    public DrHealth DrillHealth { get; set; }

    /// <summary>The worst of them.</summary>
    public DrHealth Health { get; set; }

    /// <summary>Why each value that is not OK is not, in words.</summary>
    public List<string> Reasons { get; set; } = [];

    public DateTimeOffset AsOf { get; set; }
}
