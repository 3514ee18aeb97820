namespace PubSec.Dr.Reports.Charts;

/// <summary>One timed bar: a drill phase or a failover step, placed at its start offset from the run's start.</summary>
public sealed record TimelineBar(string Label, TimeSpan Offset, TimeSpan Duration, VerdictTone Tone, bool CountsTowardTarget);

/// <summary>
/// Horizontal bars of a run's phases on one time axis (a bar's width is its duration, its x its start), with the
/// target drawn as a dashed line: the "phase timings against the RTO target" chart of drills and failovers.
/// </summary>
public static class TimelineChart
{
    public const double Width = 860;
    public const double LabelWidth = 250;
    public const double PlotWidth = 480;
    private const double RowHeight = 22;
    private const double Top = 26;
    private const double MinBar = 2;

    public static string Render(string caption, IReadOnlyList<TimelineBar> bars, TimeSpan target, string targetLabel)
    {
        var end = bars.Count == 0 ? 0 : bars.Max(b => (b.Offset + b.Duration).TotalSeconds);
        var scale = ChartScale.For(end, target.TotalSeconds);
        var canvas = new SvgCanvas(Width, caption);
        var plotBottom = Top + Math.Max(bars.Count, 1) * RowHeight;
        double X(double seconds) => LabelWidth + seconds / scale.Max * PlotWidth;

        foreach (var tick in scale.Ticks())
        {
            canvas.Line(X(tick), Top - 4, X(tick), plotBottom, "#e0e0e0", "grid");
            canvas.Text(X(tick), plotBottom + 14, ReportText.Duration(TimeSpan.FromSeconds(tick)), "middle", "#555", 10);
        }

        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = Top + i * RowHeight;
            var width = Math.Max(bar.Duration.TotalSeconds / scale.Max * PlotWidth, MinBar);
            var fill = bar.CountsTowardTarget ? ChartColors.Of(bar.Tone) : ChartColors.NotCounted;
            canvas.Text(LabelWidth - 6, y + 15, Short(bar.Label), "end");
            canvas.Rect(X(bar.Offset.TotalSeconds), y + 4, width, RowHeight - 8, fill, "bar",
                $"{bar.Label}: {ReportText.Duration(bar.Duration)}{(bar.CountsTowardTarget ? string.Empty : " (not part of the RTO)")}",
                $" data-seconds=\"{SvgCanvas.N(bar.Duration.TotalSeconds)}\"");
            canvas.Text(X(bar.Offset.TotalSeconds) + width + 4, y + 15, ReportText.Duration(bar.Duration), "start", "#333", 11);
        }

        if (scale.ReferenceOnScale)
        {
            canvas.Line(X(target.TotalSeconds), Top - 8, X(target.TotalSeconds), plotBottom, ChartColors.Reference, "target", 2, dashed: true);
            canvas.Text(X(target.TotalSeconds), Top - 12, $"{targetLabel} {ReportText.Duration(target)}", "middle", ChartColors.Reference, 11, "bold");
        }
        else if (target > TimeSpan.Zero)
        {
            var share = end / target.TotalSeconds;
            canvas.Text(LabelWidth + PlotWidth, Top - 12,
                $"{targetLabel} {ReportText.Duration(target)} is off the scale → (the run took {ReportText.Percent(share)} of it)", "end", ChartColors.Reference, 11, "bold");
        }

        return canvas.Render(plotBottom + 24);
    }

    // The label column is fixed; a longer label is cut (the bar's tooltip and the table below hold it whole).
    internal static string Short(string text, int max = 38) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
