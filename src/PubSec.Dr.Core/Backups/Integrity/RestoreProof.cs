namespace PubSec.Dr.Backups.Integrity;

/// <summary>
/// The store's record that one backup was restored and verified: a passing Test-BackupIntegrity -Level Restore, or
/// (read from the drill history, never written as a proof) a drill that restored it. Export-DrMetrics and the
/// verified-restorable age are built on these; the catalog alone only says a backup was written.
/// </summary>
public sealed class RestoreProof
{
    public string BackupId { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    /// <summary>The collection or Redis name, as the backup's Source.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>When the backup completed: the point in time the proven data is from.</summary>
    public DateTime BackupCompletedAt { get; set; }

    /// <summary>When the restore proved it.</summary>
    public DateTime ProvenAt { get; set; }

    /// <summary>What proved it: "Test-BackupIntegrity -Level Restore" or "Invoke-DrDrill &lt;scenario&gt; &lt;id&gt;".</summary>
    public string ProvenBy { get; set; } = string.Empty;
}
