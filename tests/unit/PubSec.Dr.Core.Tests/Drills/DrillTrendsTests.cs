using PubSec.Dr.Drills;

namespace PubSec.Dr.Tests.Drills;

public sealed class DrillTrendsTests
{
    private static DrillResult Drill(DrillScenario scenario, int day, double rtoSeconds, double? rpoMinutes, DrillVerdict verdict) => new()
    {
        Id = $"d{day}", Environment = "lab", Scenario = scenario, StartedAt = new DateTimeOffset(2026, 1, day, 2, 0, 0, TimeSpan.Zero),
        Rto = TimeSpan.FromSeconds(rtoSeconds), Rpo = rpoMinutes is { } m ? TimeSpan.FromMinutes(m) : null, Verdict = verdict,
    };

    [Fact]
    public void The_success_rate_is_passed_over_all_and_none_without_drills()
    {
        var drills = new[]
        {
            Drill(DrillScenario.DatabaseRestore, 4, 10, 5, DrillVerdict.Passed), Drill(DrillScenario.SecurityBreach, 3, 10, 5, DrillVerdict.Failed),
            Drill(DrillScenario.DatabaseRestore, 2, 10, 5, DrillVerdict.Passed), Drill(DrillScenario.DatabaseRestore, 1, 10, 5, DrillVerdict.Passed),
        };

        Assert.Equal(0.75, DrillTrends.SuccessRate(drills));
        Assert.Null(DrillTrends.SuccessRate([]));
        var history = DrillTrends.Summarize("lab", drills);
        Assert.Equal(0.95, history.SuccessRateTarget);
        Assert.Equal(["d4", "d3", "d2", "d1"], history.Drills.Select(d => d.Id));
    }

    [Fact]
    public void Each_scenario_has_its_trend_with_points_oldest_first()
    {
        var history = DrillTrends.Summarize("lab",
        [
            Drill(DrillScenario.DatabaseRestore, 3, 50, 10, DrillVerdict.Passed),
            Drill(DrillScenario.SecurityBreach, 2, 10, 10, DrillVerdict.Failed),
            Drill(DrillScenario.DatabaseRestore, 1, 100, 10, DrillVerdict.Failed),
        ]);

        var restore = Assert.Single(history.Trends, t => t.Scenario == DrillScenario.DatabaseRestore);
        Assert.Equal((2, 1), (restore.Drills, restore.Passed));
        Assert.Equal([100d, 50d], restore.Points.Select(p => p.Rto!.Value.TotalSeconds));
        Assert.Equal("Improving", restore.RtoDirection);
        Assert.Equal("Steady", restore.RpoDirection);
        Assert.Equal("Unknown", Assert.Single(history.Trends, t => t.Scenario == DrillScenario.SecurityBreach).RtoDirection);
    }

    [Theory]
    [InlineData(new[] { 100d, 100d, 80d }, "Improving")]
    [InlineData(new[] { 100d, 100d, 95d }, "Steady")]
    [InlineData(new[] { 100d, 100d, 105d }, "Steady")]
    [InlineData(new[] { 100d, 120d, 125d }, "Worsening")]
    [InlineData(new[] { 100d }, "Unknown")]
    public void The_latest_is_compared_with_the_mean_of_the_earlier_ones_with_a_10_percent_tolerance(double[] seconds, string expected) =>
        Assert.Equal(expected, DrillTrends.Direction(seconds.Select(s => (TimeSpan?)TimeSpan.FromSeconds(s))));

    [Fact]
    public void Drills_without_a_value_do_not_count_in_the_direction() =>
        Assert.Equal("Unknown", DrillTrends.Direction([TimeSpan.FromSeconds(10), null]));
}
