namespace PubSec.Dr.Reports.Charts;

/// <summary>
/// The age of the newest backup of each source (collection, Redis server, namespace) as horizontal bars, with the
/// plan's monitoring alert (1.1: older than 7 h) as a dashed line; a bar past the alert is red and says so.
/// </summary>
public static class BackupAgeChart
{
    public const double Width = 860;
    public const double LabelWidth = 250;
    public const double PlotWidth = 480;
    private const double RowHeight = 22;
    private const double Top = 26;

    public static string Render(IReadOnlyList<ReportBackup> newest, TimeSpan alert)
    {
        var canvas = new SvgCanvas(Width, "Age of the newest backup per source");
        var ages = newest.Select(b => Math.Max(b.Age.TotalSeconds, 0)).ToList();
        var scale = ChartScale.For(ages.Count == 0 ? 0 : ages.Max(), alert.TotalSeconds);
        var bottom = Top + Math.Max(newest.Count, 1) * RowHeight;
        double X(double seconds) => LabelWidth + seconds / scale.Max * PlotWidth;

        foreach (var tick in scale.Ticks())
        {
            canvas.Line(X(tick), Top - 4, X(tick), bottom, "#e0e0e0", "grid");
            canvas.Text(X(tick), bottom + 14, ReportText.Duration(TimeSpan.FromSeconds(tick)), "middle", "#555", 10);
        }

        for (var i = 0; i < newest.Count; i++)
        {
            var backup = newest[i];
            var y = Top + i * RowHeight;
            var over = backup.Age > alert;
            var width = Math.Max(ages[i] / scale.Max * PlotWidth, 2);
            canvas.Text(LabelWidth - 6, y + 15, TimelineChart.Short($"{backup.Kind} {backup.Source}"), "end");
            canvas.Rect(LabelWidth, y + 4, width, RowHeight - 8, over ? ChartColors.Bad : ChartColors.Good, "bar",
                $"{backup.Kind} {backup.Source}: newest backup {backup.Id} is {ReportText.Duration(backup.Age)} old",
                $" data-seconds=\"{SvgCanvas.N(ages[i])}\"");
            canvas.Text(LabelWidth + width + 4, y + 15, ReportText.Duration(backup.Age) + (over ? $" — OVER the {ReportText.Duration(alert)} alert" : string.Empty),
                "start", over ? ChartColors.Bad : "#333", 11, over ? "bold" : "normal");
        }

        if (scale.ReferenceOnScale)
        {
            canvas.Line(X(alert.TotalSeconds), Top - 8, X(alert.TotalSeconds), bottom, ChartColors.Reference, "target", 2, dashed: true);
            canvas.Text(X(alert.TotalSeconds), Top - 12, $"alert {ReportText.Duration(alert)}", "middle", ChartColors.Reference, 11, "bold");
        }
        else if (alert > TimeSpan.Zero)
        {
            canvas.Text(LabelWidth + PlotWidth, Top - 12, $"alert at {ReportText.Duration(alert)} is off the scale → (every backup is far younger)", "end", ChartColors.Reference, 11, "bold");
        }

        return canvas.Render(bottom + 24);
    }
}
