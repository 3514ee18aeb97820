namespace PubSec.Dr.Reports;

/// <summary>
/// Lays the model out as sections, blocks and tables once, so the HTML page and the Markdown file show the same
/// facts in the same order; only the drawing differs. A section without input is left out.
/// </summary>
public static partial class ReportLayout
{
    public static IReadOnlyList<ReportSection> Build(ReportModel model)
    {
        var sections = new List<ReportSection> { Summary(model) };
        if (model.Drills.Count > 0)
        {
            sections.Add(Drills(model));
        }

        if (model.Trends.Count > 0 || model.History is not null)
        {
            sections.Add(Trends(model));
        }

        if (model.Failovers.Count > 0)
        {
            sections.Add(Failovers(model));
        }

        if (model.Integrity.Count > 0)
        {
            sections.Add(Integrity(model));
        }

        if (model.Backups.Count > 0)
        {
            sections.Add(Backups(model));
        }

        return sections;
    }

    private static ReportSection Summary(ReportModel model)
    {
        var table = new ReportTable { Caption = "What this report holds", Columns = ["Input", "Count", "Outcome"] };
        table.Add("Drills", Count(model.Drills.Count), Outcome(model.Drills.Select(d => d.Verdict == DrillVerdict.Passed)));
        table.Add("Failovers", Count(model.Failovers.Count), Outcome(model.Failovers.Select(f => ReportText.Tone(f.Verdict) == VerdictTone.Good)));
        table.Add("Integrity reports", Count(model.Integrity.Count), Outcome(model.Integrity.Select(i => i.Verdict == IntegrityVerdict.Passed)));
        var stale = model.NewestBackups.Count(b => b.Age > model.BackupAgeAlert);
        table.Add("Backups", Count(model.Backups.Count), model.Backups.Count == 0 ? "—"
            : new ReportCell($"{model.NewestBackups.Count} sources, {stale} with a newest backup older than {ReportText.Duration(model.BackupAgeAlert)}", stale == 0 ? VerdictTone.Good : VerdictTone.Bad));

        var block = new ReportBlock();
        block.Facts.Add(("Generated", ReportText.Time(model.GeneratedAt)));
        if (model.History is { } history)
        {
            block.Facts.Add(("Drill history", $"{history.Environment}: {history.Drills.Count} drills"));
            block.Facts.Add(("DR test success rate (plan 7.2)", SuccessRate(history)));
        }

        block.Tables.Add(table);
        var section = new ReportSection { Id = "summary", Heading = "Summary" };
        section.Blocks.Add(block);
        return section;
    }

    internal static ReportCell SuccessRate(DrillHistory history) => history.SuccessRate is { } rate
        ? new ReportCell($"{ReportText.Percent(rate)} (target > {ReportText.Percent(history.SuccessRateTarget)}): {(rate > history.SuccessRateTarget ? "met" : "NOT met")}",
            rate > history.SuccessRateTarget ? VerdictTone.Good : VerdictTone.Bad)
        : new ReportCell("no drills yet");

    private static string Count(int count) => count.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ReportCell Outcome(IEnumerable<bool> good)
    {
        var list = good.ToList();
        if (list.Count == 0)
        {
            return "—";
        }

        var bad = list.Count(g => !g);
        return new ReportCell($"{list.Count - bad} passed, {bad} failed", bad == 0 ? VerdictTone.Good : VerdictTone.Bad);
    }

    private static ReportCell Verdict(string word, VerdictTone tone) => new(word, tone);

    private static ReportCell Status(FailoverStepStatus status) => new(status == FailoverStepStatus.Failed ? "FAILED" : status.ToString(), ReportText.Tone(status));

    private static ReportCell Check(bool passed) => new(ReportText.PassedOrFailed(passed), passed ? VerdictTone.Good : VerdictTone.Bad);

    private static VerdictTone? FailedRow(bool passed) => passed ? null : VerdictTone.Bad;
}
