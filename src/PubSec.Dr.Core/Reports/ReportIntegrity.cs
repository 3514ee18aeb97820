using PubSec.Dr.Serialization;

namespace PubSec.Dr.Reports;

/// <summary>
/// An integrity report as the report shows it: every check, without the backup object the cmdlet's result carries
/// for the pipeline (whose store holds the credentials it was opened with).
/// </summary>
public sealed class ReportIntegrity
{
    public string BackupId { get; init; } = string.Empty;

    public string Kind { get; init; } = string.Empty;

    public string Collection { get; init; } = string.Empty;

    public string Store { get; init; } = string.Empty;

    public IntegrityLevel Level { get; init; }

    public IntegrityVerdict Verdict { get; init; }

    public DateTime CheckedAt { get; init; }

    public TimeSpan Duration { get; init; }

    public long BytesRead { get; init; }

    public IReadOnlyList<IntegrityCheck> Checks { get; init; } = [];

    public int ChecksFailed => Checks.Count(c => !c.Passed);

    public static ReportIntegrity From(IntegrityReport report) => new()
    {
        BackupId = report.BackupId,
        Kind = report.Kind,
        Collection = report.Collection,
        Store = report.Store,
        Level = report.Level,
        Verdict = report.Verdict,
        CheckedAt = UtcTimes.AsUtc(report.CheckedAt),
        Duration = report.Duration,
        BytesRead = report.BytesRead,
        Checks = [.. report.Checks],
    };
}
