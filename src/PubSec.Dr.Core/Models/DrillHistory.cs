namespace PubSec.Dr;

/// <summary>Get-DrDrillHistory's summary: the drills newest first, the trend per scenario and the DR test success rate (plan 7.2, target &gt; 95%).</summary>
public sealed class DrillHistory
{
    public string Environment { get; set; } = string.Empty;

    public List<DrillResult> Drills { get; set; } = [];

    public List<DrillTrend> Trends { get; set; } = [];

    /// <summary>Passed drills over all drills, 0..1; null without drills.</summary>
    public double? SuccessRate { get; set; }

    public double SuccessRateTarget { get; set; } = 0.95;
}
