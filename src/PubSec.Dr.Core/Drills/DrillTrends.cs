namespace PubSec.Dr.Drills;

/// <summary>
/// The trend maths of Get-DrDrillHistory: per scenario, each drill's RTO and RPO oldest first and whether the latest
/// is better or worse than the mean of the ones before it (more than 10% either way; Unknown with nothing to compare),
/// and the DR test success rate of plan 7.2: passed drills over all drills.
/// </summary>
public static class DrillTrends
{
    public const double SuccessRateTarget = 0.95;

    /// <summary>The relative change that counts as a trend, not noise.</summary>
    public const double Tolerance = 0.10;

    public static DrillHistory Summarize(string environment, IReadOnlyList<DrillResult> newestFirst) => new()
    {
        Environment = environment,
        Drills = [.. newestFirst],
        Trends = newestFirst.GroupBy(d => d.Scenario).OrderBy(g => g.Key).Select(g => Trend(g.Key, g.Reverse().ToList())).ToList(),
        SuccessRate = SuccessRate(newestFirst),
        SuccessRateTarget = SuccessRateTarget,
    };

    public static double? SuccessRate(IReadOnlyCollection<DrillResult> drills) =>
        drills.Count == 0 ? null : (double)drills.Count(d => d.Verdict == DrillVerdict.Passed) / drills.Count;

    public static DrillTrend Trend(DrillScenario scenario, IReadOnlyList<DrillResult> oldestFirst) => new()
    {
        Scenario = scenario,
        Drills = oldestFirst.Count,
        Passed = oldestFirst.Count(d => d.Verdict == DrillVerdict.Passed),
        Points = oldestFirst.Select(d => new DrillTrendPoint(d.StartedAt, d.Rto, d.Rpo, d.Verdict)).ToList(),
        RtoDirection = Direction(oldestFirst.Select(d => d.Rto)),
        RpoDirection = Direction(oldestFirst.Select(d => d.Rpo)),
    };

    /// <summary>Smaller is better for both RTO and RPO: Improving when the latest is below the earlier mean by more than the tolerance.</summary>
    public static string Direction(IEnumerable<TimeSpan?> oldestFirst)
    {
        var values = oldestFirst.Where(v => v is not null).Select(v => v!.Value.TotalSeconds).ToList();
        if (values.Count < 2)
        {
            return "Unknown";
        }

        var latest = values[^1];
        var mean = values.Take(values.Count - 1).Average();
        return latest < mean * (1 - Tolerance) ? "Improving" : latest > mean * (1 + Tolerance) ? "Worsening" : "Steady";
    }
}
