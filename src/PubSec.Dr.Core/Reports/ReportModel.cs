using PubSec.Dr.Environments;

namespace PubSec.Dr.Reports;

/// <summary>
/// Everything one report shows, built once from the inputs (<see cref="ReportCollector"/>) so the three renderers
/// show the same facts: the drills, failovers, integrity reports and backups as given, plus what the charts derive
/// from them (the trend per scenario, the newest backup's age per source).
/// </summary>
public sealed class ReportModel
{
    /// <summary>The plan's backup monitoring alert (1.1: "alert if backup older than 7 hours").</summary>
    public static readonly TimeSpan PlanBackupAgeAlert = TimeSpan.FromHours(7);

    public DateTimeOffset GeneratedAt { get; init; }

    public string Title { get; init; } = string.Empty;

    public IReadOnlyList<DrillResult> Drills { get; init; } = [];

    public IReadOnlyList<FailoverResult> Failovers { get; init; } = [];

    public IReadOnlyList<ReportIntegrity> Integrity { get; init; } = [];

    public IReadOnlyList<ReportBackup> Backups { get; init; } = [];

    public DrillHistory? History { get; init; }

    /// <summary>RTO and RPO per scenario across every drill given (pipeline and history), oldest first.</summary>
    public IReadOnlyList<ReportTrend> Trends { get; init; } = [];

    /// <summary>The newest backup of each kind and source, with its age at <see cref="GeneratedAt"/>.</summary>
    public IReadOnlyList<ReportBackup> NewestBackups { get; init; } = [];

    public TimeSpan BackupAgeAlert { get; init; } = PlanBackupAgeAlert;

    /// <summary>The objectives a drill is drawn against: its own, else the plan's.</summary>
    public static DrObjectives ObjectivesOf(DrillResult drill) => drill.Objectives ?? DrObjectives.Plan;
}
