namespace PubSec.Dr.Metrics;

/// <summary>
/// The drill metrics (plan 3.1 and 7.2): per environment and scenario the last drill's time, verdict, RTO and RPO
/// (a drill that measured none has no RTO/RPO sample), and per environment the DR test success rate and its target.
/// </summary>
internal static class DrillMetrics
{
    public static IEnumerable<MetricFamily> Build(IReadOnlyList<DrillHistory> histories)
    {
        var last = histories.OrderBy(h => h.Environment, StringComparer.Ordinal)
            .SelectMany(h => h.Drills.GroupBy(d => d.Scenario).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal)
                .Select(g => (h.Environment, Drill: g.OrderByDescending(d => d.StartedAt).ThenByDescending(d => d.Id, StringComparer.Ordinal).First())))
            .ToList();
        var rated = histories.Where(h => h.SuccessRate is not null).OrderBy(h => h.Environment, StringComparer.Ordinal).ToList();

        (string, string)[] Labels((string Environment, DrillResult Drill) x) => [("environment", x.Environment), ("scenario", x.Drill.Scenario.ToString())];

        yield return DrMetricsBuilder.Gauge("pubsec_dr_drill_last_timestamp_seconds", "Start of the last drill of the scenario, Unix seconds.",
            [.. last.Select(x => MetricSample.Of(DrMetricsBuilder.Seconds(x.Drill.StartedAt.UtcDateTime), Labels(x)))]);
        yield return DrMetricsBuilder.Gauge("pubsec_dr_drill_last_passed", "1 when the last drill of the scenario passed every success criterion (plan 3.1), else 0.",
            [.. last.Select(x => MetricSample.Of(x.Drill.Verdict == DrillVerdict.Passed ? 1 : 0, Labels(x)))]);
        yield return DrMetricsBuilder.Gauge("pubsec_dr_drill_last_rto_seconds", "RTO the last drill of the scenario measured, seconds.",
            [.. last.Where(x => x.Drill.Rto is not null).Select(x => MetricSample.Of(x.Drill.Rto!.Value.TotalSeconds, Labels(x)))]);
        yield return DrMetricsBuilder.Gauge("pubsec_dr_drill_last_rpo_seconds", "RPO the last drill of the scenario measured, seconds.",
            [.. last.Where(x => x.Drill.Rpo is not null).Select(x => MetricSample.Of(x.Drill.Rpo!.Value.TotalSeconds, Labels(x)))]);
        yield return DrMetricsBuilder.Gauge("pubsec_dr_drill_success_ratio", "Passed drills over all drills in the history (plan 7.2 DR test success rate), 0..1.",
            [.. rated.Select(h => MetricSample.Of(h.SuccessRate!.Value, ("environment", h.Environment)))]);
        yield return DrMetricsBuilder.Gauge("pubsec_dr_drill_success_ratio_target", "The plan's target for the DR test success rate (7.2), 0..1.",
            [.. rated.Select(h => MetricSample.Of(h.SuccessRateTarget, ("environment", h.Environment)))]);
    }
}
