using PubSec.Dr.Environments;
using PubSec.Dr.Reports.Charts;

namespace PubSec.Dr.Reports;

public static partial class ReportLayout
{
    /// <summary>
    /// The RTO a drill's phases are drawn against: the regional failover's (plan 2.1, 30 min) for a failover drill,
    /// the recovery RTO (2 h) for the others; the environment's objectives when the drill carries them.
    /// </summary>
    public static TimeSpan RtoTarget(DrillResult drill) =>
        drill.Scenario == DrillScenario.RegionalFailover ? ReportModel.ObjectivesOf(drill).FailoverRto : ReportModel.ObjectivesOf(drill).Rto;

    /// <summary>Phases as bars: placed at their measured start when known, else right after the previous one.</summary>
    public static IReadOnlyList<TimelineBar> PhaseBars(DrillResult drill)
    {
        var origin = drill.Phases.Select(p => p.StartedAt).Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(drill.StartedAt).Min();
        var bars = new List<TimelineBar>();
        var cursor = TimeSpan.Zero;
        foreach (var phase in drill.Phases)
        {
            var offset = phase.StartedAt is { } start ? start - origin : cursor;
            var duration = phase.Duration ?? (phase.StartedAt is { } s && phase.CompletedAt is { } e ? e - s : TimeSpan.Zero);
            bars.Add(new TimelineBar($"{phase.Name} ({phase.PlanStep})", offset, duration, ReportText.Tone(phase.Status), phase.CountsTowardRto));
            cursor = offset + duration;
        }

        return bars;
    }

    private static ReportSection Drills(ReportModel model)
    {
        var section = new ReportSection { Id = "drills", Heading = "Drills" };
        foreach (var drill in model.Drills)
        {
            section.Blocks.Add(Drill(drill));
        }

        return section;
    }

    private static ReportBlock Drill(DrillResult drill)
    {
        var objectives = ReportModel.ObjectivesOf(drill);
        var target = RtoTarget(drill);
        var bars = PhaseBars(drill);
        var block = new ReportBlock
        {
            Heading = $"{drill.Scenario} drill {drill.Id} ({drill.Environment})",
            Verdict = drill.Verdict == DrillVerdict.Passed ? "Passed" : "FAILED",
            Tone = ReportText.Tone(drill.Verdict),
            Chart = TimelineChart.Render($"Phase timings of the {drill.Scenario} drill {drill.Id}", bars, target, "RTO target"),
            ChartTable = PhaseChartTable(bars, target),
        };
        block.Facts.Add(("Started", ReportText.Time(drill.StartedAt)));
        block.Facts.Add(("Completed", ReportText.Time(drill.CompletedAt)));
        block.Facts.Add(("Scenario", drill.Scenario + (drill.Scheduled ? " (picked by the schedule)" : string.Empty)));
        block.Facts.Add(("RTO", Against(drill.Rto, target, objectives.RtoMax)));
        block.Facts.Add(("RPO", new ReportCell(Against(drill.Rpo, objectives.Rpo, objectives.RpoMax).Text + (drill.RpoBasis is { } basis ? $" — {basis}" : string.Empty),
            Against(drill.Rpo, objectives.Rpo, objectives.RpoMax).Tone)));
        block.Facts.Add(("Checks", new ReportCell($"{drill.ChecksPassed} passed, {drill.ChecksFailed} failed", drill.ChecksFailed == 0 ? VerdictTone.Good : VerdictTone.Bad)));

        var phases = new ReportTable { Caption = "Phases", Columns = ["Phase", "Plan step", "Performed by", "Status", "Started", "Duration", "In RTO", "Message"] };
        foreach (var phase in drill.Phases)
        {
            phases.Add(phase.Status == FailoverStepStatus.Failed ? VerdictTone.Bad : null,
                phase.Name, phase.PlanStep, phase.PerformedBy, Status(phase.Status), ReportText.Time(phase.StartedAt),
                ReportText.Duration(phase.Duration), phase.CountsTowardRto ? "yes" : "no",
                string.Join(" ", new[] { phase.ErrorId, phase.Message }.Where(t => !string.IsNullOrEmpty(t)).Concat(phase.Details)));
        }

        var criteria = new ReportTable { Caption = "Success criteria (plan 3.1)", Columns = ["Criterion", "Result", "Observed", "Target"] };
        foreach (var criterion in drill.Criteria)
        {
            criteria.Add(FailedRow(criterion.Passed), criterion.Name, Verdict(criterion.Passed ? "Met" : "NOT met", criterion.Passed ? VerdictTone.Good : VerdictTone.Bad), criterion.Observed, criterion.Target);
        }

        var checks = new ReportTable { Caption = "Checks after recovery", Columns = ["Check", "Result", "Observed", "Target"] };
        foreach (var check in drill.Checks)
        {
            checks.Add(FailedRow(check.Passed), check.Name, Check(check.Passed), check.Observed, check.Target ?? string.Empty);
        }

        var resources = new ReportTable { Caption = "What the drill created and removed", Columns = ["Resource", "Kind", "Region", "Name", "Created", "Removed"] };
        foreach (var (label, list) in new[] { ("Created", drill.Created), ("Leftover of an earlier drill", drill.LeftoversRemoved) })
        {
            foreach (var r in list)
            {
                // A removal is read from the resource itself or from the drill's Removed list, whichever records it.
                var removed = r.RemovedAt ?? drill.Removed.FirstOrDefault(x => x.Kind == r.Kind && x.Region == r.Region && x.Name == r.Name)?.RemovedAt;
                resources.Add(removed is null ? VerdictTone.Bad : null, label, r.Kind, r.Region, r.Name, ReportText.Time(r.CreatedAt),
                    removed is { } at ? ReportText.Time(at) : new ReportCell("NOT removed", VerdictTone.Bad));
            }
        }

        block.Tables.AddRange([phases, criteria, checks, resources]);
        return block;
    }

    private static ReportTable PhaseChartTable(IReadOnlyList<TimelineBar> bars, TimeSpan target)
    {
        var table = new ReportTable { Caption = $"Phase timings against the RTO target of {ReportText.Duration(target)}", Columns = ["Phase", "Starts at", "Duration", "Share of the target", "In RTO"] };
        foreach (var bar in bars)
        {
            table.Add(bar.Label, "+" + ReportText.Duration(bar.Offset), ReportText.Duration(bar.Duration),
                target > TimeSpan.Zero ? ReportText.Percent(bar.Duration / target) : "—", bar.CountsTowardTarget ? "yes" : "no");
        }

        return table;
    }

    /// <summary>"41 s (target 2 h, max 4 h): within target", coloured good, acceptable or bad.</summary>
    private static ReportCell Against(TimeSpan? value, TimeSpan target, TimeSpan max)
    {
        var limits = $"target {ReportText.Duration(target)}, max {ReportText.Duration(max)}";
        return value switch
        {
            null => new ReportCell($"unknown ({limits})", VerdictTone.Bad),
            { } v when v < target => new ReportCell($"{ReportText.Duration(v)} ({limits}): within target", VerdictTone.Good),
            { } v when v < max => new ReportCell($"{ReportText.Duration(v)} ({limits}): above target, within max", VerdictTone.Warn),
            { } v => new ReportCell($"{ReportText.Duration(v)} ({limits}): ABOVE max", VerdictTone.Bad),
        };
    }

    private static ReportSection Trends(ReportModel model)
    {
        var section = new ReportSection { Id = "trend", Heading = "Drill trend" };
        var objectives = model.Drills.Select(d => d.Objectives).Concat(model.History?.Drills.Select(d => d.Objectives) ?? []).FirstOrDefault(o => o is not null) ?? DrObjectives.Plan;
        if (model.History is { } history)
        {
            var summary = new ReportBlock { Heading = $"History of {history.Environment}" };
            summary.Facts.Add(("DR test success rate (plan 7.2)", SuccessRate(history)));
            var table = new ReportTable { Caption = "Drills in the history, newest first", Columns = ["Started", "Scenario", "Drill", "RTO", "RPO", "Verdict"] };
            foreach (var drill in history.Drills)
            {
                table.Add(FailedRow(drill.Verdict == DrillVerdict.Passed), ReportText.Time(drill.StartedAt), drill.Scenario.ToString(), drill.Id,
                    ReportText.Duration(drill.Rto), ReportText.Duration(drill.Rpo), Verdict(drill.Verdict == DrillVerdict.Passed ? "Passed" : "FAILED", ReportText.Tone(drill.Verdict)));
            }

            summary.Tables.Add(table);
            section.Blocks.Add(summary);
        }

        foreach (var trend in model.Trends)
        {
            var rtoTarget = trend.Scenario == DrillScenario.RegionalFailover ? objectives.FailoverRto : objectives.Rto;
            var direction = model.History?.Trends.FirstOrDefault(t => t.Scenario == trend.Scenario);
            var block = new ReportBlock
            {
                Heading = $"{trend.Scenario}: {trend.Points.Count} drill{(trend.Points.Count == 1 ? string.Empty : "s")}",
                Chart = TrendChart.Render(trend, rtoTarget, objectives.Rpo),
                ChartTable = TrendTable(trend),
            };
            if (direction is not null)
            {
                block.Facts.Add(("RTO", direction.RtoDirection));
                block.Facts.Add(("RPO", direction.RpoDirection));
            }

            section.Blocks.Add(block);
        }

        return section;
    }

    private static ReportTable TrendTable(ReportTrend trend)
    {
        var table = new ReportTable { Caption = $"RTO and RPO of the {trend.Scenario} drills, oldest first", Columns = ["Started", "RTO", "RPO", "Verdict"] };
        foreach (var point in trend.Points)
        {
            table.Add(ReportText.Time(point.StartedAt), ReportText.Duration(point.Rto), ReportText.Duration(point.Rpo),
                Verdict(point.Verdict == DrillVerdict.Passed ? "Passed" : "FAILED", ReportText.Tone(point.Verdict)));
        }

        return table;
    }
}
