namespace PubSec.Dr;

/// <summary>The result of Test-BackupIntegrity for one backup: every check, and a verdict.</summary>
public sealed class IntegrityReport
{
    public string BackupId { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public string Collection { get; set; } = string.Empty;

    public string Store { get; set; } = string.Empty;

    public IntegrityLevel Level { get; set; }

    public IntegrityVerdict Verdict => Checks.All(check => check.Passed) ? IntegrityVerdict.Passed : IntegrityVerdict.Failed;

    public long BytesRead { get; set; }

    public DateTime CheckedAt { get; set; }

    public TimeSpan Duration { get; set; }

    public List<IntegrityCheck> Checks { get; set; } = new();

    /// <summary>The backup that was checked, so a passing report can flow on to a restore.</summary>
    public DrBackup? Backup { get; set; }
}
