using PubSec.Dr.Errors;

namespace PubSec.Dr.Reports;

/// <summary>
/// Gathers Export-DrReport's pipeline input by type, then builds the one <see cref="ReportModel"/> every renderer
/// draws from. An object of another type is refused on its own (the caller reports it and goes on).
/// </summary>
public sealed class ReportCollector
{
    private readonly List<DrillResult> _drills = [];
    private readonly List<FailoverResult> _failovers = [];
    private readonly List<IntegrityReport> _integrity = [];
    private readonly List<DrBackup> _backups = [];
    private DrillHistory? _history;

    /// <summary>Takes one input; throws ReportInputUnsupported for anything the report cannot show.</summary>
    public void Add(object? item)
    {
        switch (item)
        {
            case DrillResult drill: _drills.Add(drill); break;
            case FailoverResult failover: _failovers.Add(failover); break;
            case IntegrityReport report: _integrity.Add(report); break;
            case DrBackup backup: _backups.Add(backup); break;
            case DrillHistory history when _history is null: _history = history; break;
            case DrillHistory history:
                throw new DrException(ErrorIds.ReportInputUnsupported, DrErrorCategory.InvalidArgument,
                    $"A report holds one drill history; the history of '{history.Environment}' was left out (the report already has the history of '{_history.Environment}').",
                    "Export one report per environment's history.", history.Environment);
            default:
                var type = item?.GetType().FullName ?? "null";
                throw new DrException(ErrorIds.ReportInputUnsupported, DrErrorCategory.InvalidArgument,
                    $"A {type} cannot go into a report; it was left out and the other inputs are reported.",
                    "Pipe drill results (Invoke-DrDrill), drill histories (Get-DrDrillHistory), failover results (Invoke-RegionalFailover), integrity reports (Test-BackupIntegrity) or backups (Get-DrBackup).",
                    type);
        }
    }

    public ReportModel Build(string title, DateTimeOffset now)
    {
        var histories = _history is null ? Array.Empty<DrillHistory>() : [_history];
        var backups = _backups.Select(b => ReportBackup.From(b, now)).OrderByDescending(b => b.CompletedAt).ToList();
        return new ReportModel
        {
            GeneratedAt = now.ToUniversalTime(),
            Title = title,
            Drills = [.. _drills.OrderBy(d => d.StartedAt)],
            Failovers = [.. _failovers.OrderBy(f => f.StartedAt)],
            Integrity = [.. _integrity.Select(ReportIntegrity.From)],
            Backups = backups,
            History = _history,
            Trends = ReportTrend.From(_drills, histories),
            NewestBackups = NewestPerSource(backups),
        };
    }

    // The age the plan's alert watches is that of the newest backup a restore could use; a source with no
    // restorable backup shows its newest one anyway (its row says it is not restorable).
    private static List<ReportBackup> NewestPerSource(IEnumerable<ReportBackup> backups) =>
        [.. backups
            .GroupBy(b => (b.Kind, b.Source))
            .Select(g => g.Where(b => b.Restorable).MaxBy(b => b.CompletedAt) ?? g.MaxBy(b => b.CompletedAt)!)
            .OrderBy(b => b.Kind, StringComparer.Ordinal).ThenBy(b => b.Source, StringComparer.Ordinal)];
}
