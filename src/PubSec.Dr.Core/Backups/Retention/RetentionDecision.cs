namespace PubSec.Dr;

/// <summary>What retention does with one backup, and why. Deleted and Error are filled once the decision is applied.</summary>
public sealed class RetentionDecision
{
    public string BackupId { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    /// <summary>What the backup is of: the collection for Qdrant. Retention is evaluated per Kind and Source.</summary>
    public string Source { get; set; } = string.Empty;

    public DateTime StartedAt { get; set; }

    /// <summary>Age at the evaluation time (now, or -AsOf).</summary>
    public TimeSpan Age { get; set; }

    public BackupStatus Status { get; set; }

    public RetentionAction Action { get; set; }

    /// <summary>Every rule that keeps the backup, or why none does.</summary>
    public string[] Reasons { get; set; } = [];

    public long SizeBytes { get; set; }

    /// <summary>True once the manifest and every object under the backup's folder are gone.</summary>
    public bool Deleted { get; set; }

    /// <summary>Bytes of stored objects actually removed.</summary>
    public long BytesFreed { get; set; }

    /// <summary>Why a Delete decision was not (fully) carried out; null when it was, or when there was nothing to do.</summary>
    public string? Error { get; set; }

    /// <summary>The backup itself, to pipe on (for example kept backups into Test-BackupIntegrity).</summary>
    public DrBackup Backup { get; set; } = null!;
}
