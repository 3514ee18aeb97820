namespace PubSec.Dr.Backups.Integrity;

/// <summary>
/// The store's record of the latest integrity check of one backup (Test-BackupIntegrity -Record, as the daily
/// integrity runbook runs it): Get-DrStatus and Export-DrMetrics read the last verdict per collection and Redis
/// name from these, so a backup that stopped passing shows as FAIL before anyone needs it.
/// </summary>
public sealed class IntegrityVerdictRecord
{
    public string BackupId { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    /// <summary>The collection or Redis name, as the backup's Source.</summary>
    public string Source { get; set; } = string.Empty;

    public IntegrityLevel Level { get; set; }

    public IntegrityVerdict Verdict { get; set; }

    /// <summary>The names of the checks that failed (empty when Passed).</summary>
    public List<string> FailedChecks { get; set; } = [];

    /// <summary>When the check finished.</summary>
    public DateTime CheckedAt { get; set; }

    public static IntegrityVerdictRecord From(IntegrityReport report) => new()
    {
        BackupId = report.BackupId,
        Kind = report.Kind,
        Source = report.Collection,
        Level = report.Level,
        Verdict = report.Verdict,
        FailedChecks = [.. report.Checks.Where(c => !c.Passed).Select(c => c.Name)],
        CheckedAt = report.CheckedAt + report.Duration,
    };
}
