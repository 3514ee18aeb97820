namespace PubSec.Dr.Reports.Charts;

/// <summary>
/// One scenario's RTO and RPO across its drills, oldest left: two small panels of dots joined by a line, each
/// dot coloured by the drill's verdict, with the objective as a dashed line when it fits the scale.
/// </summary>
public static class TrendChart
{
    public const double Width = 860;
    private const double PanelWidth = 400;
    private const double PanelGap = 40;
    private const double Left = 52;
    private const double Top = 30;
    private const double PlotHeight = 140;

    public static string Render(ReportTrend trend, TimeSpan rtoTarget, TimeSpan rpoTarget)
    {
        var canvas = new SvgCanvas(Width, $"RTO and RPO trend of the {trend.Scenario} drills");
        Panel(canvas, 0, "RTO", trend.Points, p => p.Rto, rtoTarget, ChartColors.Rto);
        Panel(canvas, PanelWidth + PanelGap, "RPO", trend.Points, p => p.Rpo, rpoTarget, ChartColors.Rpo);
        return canvas.Render(Top + PlotHeight + 40);
    }

    private static void Panel(SvgCanvas canvas, double left, string name, IReadOnlyList<DrillTrendPoint> points,
        Func<DrillTrendPoint, TimeSpan?> value, TimeSpan target, string color)
    {
        var known = points.Select(value).Where(v => v is not null).Select(v => v!.Value.TotalSeconds).ToList();
        var scale = ChartScale.For(known.Count == 0 ? 0 : known.Max(), target.TotalSeconds);
        var plotLeft = left + Left;
        var plotWidth = PanelWidth - Left - 10;
        var bottom = Top + PlotHeight;
        double Y(double seconds) => bottom - seconds / scale.Max * PlotHeight;
        double X(int index) => points.Count == 1 ? plotLeft + plotWidth / 2 : plotLeft + 10 + index * (plotWidth - 20) / (points.Count - 1);

        var caption = scale.ReferenceOnScale || target <= TimeSpan.Zero
            ? name
            : $"{name} (all below the {ReportText.Duration(target)} target, which is off the scale)";
        canvas.Text(left + 4, 14, caption, "start", "#222", 12, "bold");
        foreach (var tick in scale.Ticks())
        {
            canvas.Line(plotLeft, Y(tick), plotLeft + plotWidth, Y(tick), "#e0e0e0", "grid");
            canvas.Text(plotLeft - 4, Y(tick) + 4, ReportText.Duration(TimeSpan.FromSeconds(tick)), "end", "#555", 10);
        }

        canvas.Line(plotLeft, bottom, plotLeft + plotWidth, bottom, ChartColors.Axis, "axis");
        if (scale.ReferenceOnScale)
        {
            canvas.Line(plotLeft, Y(target.TotalSeconds), plotLeft + plotWidth, Y(target.TotalSeconds), ChartColors.Reference, "target", 1.5, dashed: true);
            canvas.Text(plotLeft + plotWidth, Y(target.TotalSeconds) - 4, $"target {ReportText.Duration(target)}", "end", ChartColors.Reference, 10, "bold");
        }

        var line = new List<(double, double)>();
        for (var i = 0; i < points.Count; i++)
        {
            canvas.Text(X(i), bottom + 14, points[i].StartedAt.UtcDateTime.ToString("MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), "middle", "#555", 9);
            if (value(points[i]) is not { } v)
            {
                continue;
            }

            line.Add((X(i), Y(v.TotalSeconds)));
        }

        canvas.Polyline(line, color, "trend");
        for (var i = 0; i < points.Count; i++)
        {
            if (value(points[i]) is { } v)
            {
                canvas.Circle(X(i), Y(v.TotalSeconds), 4.5, ChartColors.Of(ReportText.Tone(points[i].Verdict)), "point",
                    $"{ReportText.Time(points[i].StartedAt)}: {name} {ReportText.Duration(v)}, drill {points[i].Verdict}");
            }
        }
    }
}
