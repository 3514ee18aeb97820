using PubSec.Dr.Environments;
using PubSec.Dr.Reports.Charts;

namespace PubSec.Dr.Reports;

public static partial class ReportLayout
{
    private static ReportSection Failovers(ReportModel model)
    {
        var section = new ReportSection { Id = "failovers", Heading = "Failovers" };
        foreach (var failover in model.Failovers)
        {
            section.Blocks.Add(Failover(failover));
        }

        return section;
    }

    private static ReportBlock Failover(FailoverResult failover)
    {
        // A failover result does not carry its objectives (its verdict already applied them); the chart draws the
        // plan's failover RTO (2.1) and says so.
        var target = DrObjectives.Plan.FailoverRto;
        var origin = failover.Steps.Select(s => s.StartedAt).Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(failover.StartedAt).Min();
        var bars = failover.Steps.Where(s => s.StartedAt is not null)
            .Select(s => new TimelineBar(s.Name.ToString(), s.StartedAt!.Value - origin, s.Duration ?? (s.CompletedAt - s.StartedAt) ?? TimeSpan.Zero, ReportText.Tone(s.Status), true))
            .ToList();
        var block = new ReportBlock
        {
            Heading = $"{failover.Kind} {failover.From} → {failover.To} ({failover.Environment})",
            Verdict = failover.Verdict.ToString(),
            Tone = ReportText.Tone(failover.Verdict),
            Chart = bars.Count == 0 ? null : TimelineChart.Render($"Step timings of the {failover.Kind} {failover.From} to {failover.To}", bars, target, "plan RTO (2.1)"),
            ChartTable = bars.Count == 0 ? null : PhaseChartTable(bars, target),
        };
        block.Facts.Add(("Started", ReportText.Time(failover.StartedAt)));
        block.Facts.Add(("Completed", ReportText.Time(failover.CompletedAt)));
        block.Facts.Add(("RTO", ReportText.Duration(failover.Rto)));
        if (failover.OutageStartedAt is not null)
        {
            block.Facts.Add(("RTO from the outage", ReportText.Duration(failover.RtoFromOutage)));
        }

        block.Facts.Add(("Source fenced", failover.SourceFenced ? "yes" : "no"));
        if (failover.RedisDifferences is { } differences)
        {
            block.Facts.Add(("Redis differences before the switch", new ReportCell(differences.ToString(System.Globalization.CultureInfo.InvariantCulture), differences == 0 ? VerdictTone.Good : VerdictTone.Bad)));
        }

        if (failover.Resumed)
        {
            block.Facts.Add(("Resumed", "yes, from the journal"));
        }

        foreach (var reason in failover.VerdictReasons)
        {
            block.Facts.Add(("Verdict reason", reason));
        }

        foreach (var action in failover.OperatorActions)
        {
            block.Facts.Add(("Operator action", new ReportCell(action, VerdictTone.Warn)));
        }

        var steps = new ReportTable { Caption = "Steps", Columns = ["Step", "Status", "Started", "Duration", "Details", "Error"] };
        foreach (var step in failover.Steps)
        {
            steps.Add(step.Status == FailoverStepStatus.Failed ? VerdictTone.Bad : null, step.Name.ToString(), Status(step.Status), ReportText.Time(step.StartedAt),
                ReportText.Duration(step.Duration), string.Join(" ", step.Details), string.Join(" ", new[] { step.ErrorId, step.Message }.Where(t => !string.IsNullOrEmpty(t))));
        }

        var loss = new ReportTable { Caption = "Data-loss window per store", Columns = ["Store", "Window", "Basis"] };
        foreach (var item in failover.DataLoss)
        {
            loss.Add(item.Window is null ? VerdictTone.Warn : null, item.Store, item.Window is null ? "unknown" : ReportText.Duration(item.Window), item.Basis);
        }

        block.Tables.AddRange([steps, loss]);
        return block;
    }

    private static ReportSection Integrity(ReportModel model)
    {
        var section = new ReportSection { Id = "integrity", Heading = "Backup integrity" };
        foreach (var report in model.Integrity)
        {
            var block = new ReportBlock
            {
                Heading = $"{report.Kind} {report.Collection} backup {report.BackupId} ({report.Level})",
                Verdict = report.Verdict == IntegrityVerdict.Passed ? "Passed" : "FAILED",
                Tone = ReportText.Tone(report.Verdict),
            };
            block.Facts.Add(("Store", report.Store));
            block.Facts.Add(("Checked", ReportText.Time(report.CheckedAt)));
            block.Facts.Add(("Duration", ReportText.Duration(report.Duration)));
            block.Facts.Add(("Read", ReportText.Bytes(report.BytesRead)));
            block.Facts.Add(("Checks", new ReportCell($"{report.Checks.Count - report.ChecksFailed} passed, {report.ChecksFailed} failed", report.ChecksFailed == 0 ? VerdictTone.Good : VerdictTone.Bad)));
            var checks = new ReportTable { Caption = "Checks", Columns = ["Check", "Target", "Result", "Detail", "Error id"] };
            foreach (var check in report.Checks)
            {
                checks.Add(FailedRow(check.Passed), check.Name, check.Target, Check(check.Passed), check.Detail, check.ErrorId ?? string.Empty);
            }

            block.Tables.Add(checks);
            section.Blocks.Add(block);
        }

        return section;
    }

    private static ReportSection Backups(ReportModel model)
    {
        var section = new ReportSection { Id = "backups", Heading = "Backups" };
        var ages = new ReportTable
        {
            Caption = $"Age of the newest backup per source (the plan alerts past {ReportText.Duration(model.BackupAgeAlert)})",
            Columns = ["Kind", "Source", "Newest backup", "Completed", "Age", "Alert"],
        };
        foreach (var b in model.NewestBackups)
        {
            var over = b.Age > model.BackupAgeAlert;
            ages.Add(over ? VerdictTone.Bad : null, b.Kind, b.Source, b.Id + (b.Restorable ? string.Empty : " (not restorable)"), ReportText.Time(b.CompletedAt),
                ReportText.Duration(b.Age), new ReportCell(over ? $"OVER {ReportText.Duration(model.BackupAgeAlert)}" : "within", over ? VerdictTone.Bad : VerdictTone.Good));
        }

        var chart = new ReportBlock
        {
            Heading = "Backup age",
            Chart = BackupAgeChart.Render(model.NewestBackups, model.BackupAgeAlert),
            ChartTable = ages,
        };
        var all = new ReportTable { Caption = "Every backup given, newest first", Columns = ["Kind", "Source", "Id", "Status", "Completed", "Age", "Size", "Store", "Tags", "Problems"] };
        foreach (var b in model.Backups)
        {
            all.Add(b.Status == BackupStatus.Succeeded ? null : VerdictTone.Warn, b.Kind, b.Source, b.Id,
                new ReportCell(b.Status.ToString(), b.Status == BackupStatus.Succeeded ? VerdictTone.Good : VerdictTone.Warn),
                ReportText.Time(b.CompletedAt), ReportText.Duration(b.Age), ReportText.Bytes(b.SizeBytes), b.Store ?? string.Empty,
                string.Join(", ", b.Tags), string.Join(" ", b.Problems));
        }

        var list = new ReportBlock();
        list.Tables.Add(all);
        section.Blocks.AddRange([chart, list]);
        return section;
    }
}
