namespace PubSec.Dr.Tests.Readiness;

public sealed class ReadinessVerdictTests
{
    [Theory]
    [InlineData(new[] { ReadinessStatus.Passed, ReadinessStatus.Passed }, ReadinessVerdict.Ready)]
    [InlineData(new[] { ReadinessStatus.Passed, ReadinessStatus.Warning }, ReadinessVerdict.Degraded)]
    [InlineData(new[] { ReadinessStatus.Warning, ReadinessStatus.Failed, ReadinessStatus.Passed }, ReadinessVerdict.NotReady)]
    [InlineData(new[] { ReadinessStatus.Failed }, ReadinessVerdict.NotReady)]
    public void The_worst_check_decides_the_verdict(ReadinessStatus[] statuses, ReadinessVerdict expected)
    {
        var checks = statuses.Select((s, i) => new ReadinessCheck { Name = $"c{i}", Status = s }).ToList();

        Assert.Equal(expected, RegionReadiness.VerdictOf(checks));
    }

    [Fact]
    public void FailedChecks_names_only_the_failed_ones()
    {
        var readiness = new RegionReadiness
        {
            Checks = [new() { Name = "a", Status = ReadinessStatus.Passed }, new() { Name = "b", Status = ReadinessStatus.Failed }, new() { Name = "c", Status = ReadinessStatus.Warning }],
        };

        Assert.Equal(["b"], readiness.FailedChecks);
        Assert.Equal(["c"], readiness.WarningChecks);
    }
}
