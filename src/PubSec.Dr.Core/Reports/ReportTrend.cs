namespace PubSec.Dr.Reports;

/// <summary>One scenario's drills over time (oldest first), what the trend chart draws.</summary>
public sealed class ReportTrend
{
    public DrillScenario Scenario { get; init; }

    public IReadOnlyList<DrillTrendPoint> Points { get; init; } = [];

    /// <summary>
    /// Every drill given, from the pipeline and from a history's drills and trend points, one point per drill
    /// (the same drill given twice counts once: matched by scenario and start time).
    /// </summary>
    public static IReadOnlyList<ReportTrend> From(IEnumerable<DrillResult> drills, IEnumerable<DrillHistory> histories)
    {
        var points = new Dictionary<(DrillScenario, DateTimeOffset), DrillTrendPoint>();
        foreach (var drill in drills.Concat(histories.SelectMany(h => h.Drills)))
        {
            points.TryAdd((drill.Scenario, drill.StartedAt), new DrillTrendPoint(drill.StartedAt, drill.Rto, drill.Rpo, drill.Verdict));
        }

        foreach (var trend in histories.SelectMany(h => h.Trends))
        {
            foreach (var point in trend.Points)
            {
                points.TryAdd((trend.Scenario, point.StartedAt), point);
            }
        }

        return [.. points
            .GroupBy(p => p.Key.Item1)
            .OrderBy(g => g.Key)
            .Select(g => new ReportTrend { Scenario = g.Key, Points = [.. g.Select(p => p.Value).OrderBy(p => p.StartedAt)] })];
    }
}
