namespace PubSec.Dr;

/// <summary>How one scenario's drills went over time: the RTO and RPO of each (oldest first) and whether they improve.</summary>
public sealed class DrillTrend
{
    public DrillScenario Scenario { get; set; }

    public int Drills { get; set; }

    public int Passed { get; set; }

    public List<DrillTrendPoint> Points { get; set; } = [];

    /// <summary>Improving, Worsening or Steady: the latest RTO against the mean of the ones before it.</summary>
    public string RtoDirection { get; set; } = string.Empty;

    public string RpoDirection { get; set; } = string.Empty;
}

/// <summary>One drill in a trend.</summary>
public sealed record DrillTrendPoint(DateTimeOffset StartedAt, TimeSpan? Rto, TimeSpan? Rpo, DrillVerdict Verdict);
