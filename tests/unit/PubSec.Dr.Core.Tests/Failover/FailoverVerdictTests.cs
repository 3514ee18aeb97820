using PubSec.Dr.Environments;
using PubSec.Dr.Failover;

namespace PubSec.Dr.Tests.Failover;

public sealed class FailoverVerdictTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);

    internal static FailoverResult Completed(TimeSpan rto, long redisLagSeconds, long? qdrantAgeSeconds, DateTimeOffset? outage = null)
    {
        var journal = FailoverJournal.Start("lab", "primary", "secondary", Start, outage);
        foreach (var step in journal.Steps)
        {
            step.Status = FailoverStepStatus.Succeeded;
            step.StartedAt = Start;
            step.CompletedAt = Start + rto;
        }

        journal.Step(FailoverStepName.RedisData).State[FailoverStateKeys.RedisLagSeconds] = redisLagSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var qdrant = journal.Step(FailoverStepName.QdrantData);
        if (qdrantAgeSeconds is { } age)
        {
            qdrant.State[FailoverStateKeys.QdrantBackupAgeSeconds] = age.ToString(System.Globalization.CultureInfo.InvariantCulture);
            qdrant.State[FailoverStateKeys.QdrantBackups] = "qdrant-docs-20261205T0230";
        }

        return new FailoverResult { Environment = "lab", From = "primary", To = "secondary", StartedAt = Start, OutageStartedAt = outage, Steps = journal.Steps };
    }

    [Theory]
    [InlineData(10, 5, 600, FailoverVerdict.WithinObjectives)]
    [InlineData(10, 5, 1800, FailoverVerdict.WithinObjectives)]
    [InlineData(10, 5, 1801, FailoverVerdict.WithinMaximum)]
    [InlineData(10, 5, 3600, FailoverVerdict.WithinMaximum)]
    [InlineData(10, 5, 3601, FailoverVerdict.ObjectivesMissed)]
    [InlineData(10, 3700, 0, FailoverVerdict.ObjectivesMissed)]
    [InlineData(31, 5, 0, FailoverVerdict.ObjectivesMissed)]
    public void The_verdict_is_the_worst_of_the_RTO_and_each_window(int rtoMinutes, long redisLag, long qdrantAge, FailoverVerdict expected)
    {
        var result = Completed(TimeSpan.FromMinutes(rtoMinutes), redisLag, qdrantAge);

        FailoverVerdicts.Judge(result, DrObjectives.Plan);

        Assert.Equal(expected, result.Verdict);
        Assert.Equal(TimeSpan.FromMinutes(rtoMinutes), result.Rto);
        Assert.Equal(TimeSpan.FromSeconds(redisLag), result.DataLoss.Single(d => d.Store == "Redis").Window);
        Assert.Equal(TimeSpan.FromSeconds(qdrantAge), result.DataLoss.Single(d => d.Store == "Qdrant").Window);
    }

    [Fact]
    public void The_RTO_from_the_outage_start_is_what_is_judged()
    {
        var result = Completed(TimeSpan.FromMinutes(20), 1, 0, Start.AddMinutes(-15));

        FailoverVerdicts.Judge(result, DrObjectives.Plan);

        Assert.Equal(TimeSpan.FromMinutes(35), result.RtoFromOutage);
        Assert.Equal(FailoverVerdict.ObjectivesMissed, result.Verdict);
    }

    [Fact]
    public void An_unknown_window_is_not_within_the_objective()
    {
        var result = Completed(TimeSpan.FromMinutes(5), 1, null);
        result.Step(FailoverStepName.RedisData)!.State.Clear();

        FailoverVerdicts.Judge(result, DrObjectives.Plan);

        Assert.Equal(FailoverVerdict.ObjectivesMissed, result.Verdict);
        Assert.Null(result.DataLoss.Single(d => d.Store == "Redis").Window);
    }

    [Fact]
    public void A_failover_that_did_not_verify_failed()
    {
        var result = Completed(TimeSpan.FromMinutes(5), 1, 0);
        result.Step(FailoverStepName.Verify)!.Status = FailoverStepStatus.Failed;
        result.Step(FailoverStepName.Verify)!.Message = "Query failed";

        FailoverVerdicts.Judge(result, DrObjectives.Plan);

        Assert.Equal(FailoverVerdict.Failed, result.Verdict);
        Assert.Null(result.Rto);
        Assert.Contains("Query failed", result.VerdictReasons[0], StringComparison.Ordinal);
    }
}
