namespace PubSec.Dr;

/// <summary>One success criterion of the plan (3.1): RTO and RPO against target and maximum, checks, documentation.</summary>
public sealed class DrillCriterion
{
    public string Name { get; set; } = string.Empty;

    public bool Passed { get; set; }

    public string Observed { get; set; } = string.Empty;

    public string Target { get; set; } = string.Empty;

    public override string ToString() => $"{Name}: {(Passed ? "met" : "NOT met")} ({Observed}; target {Target})";
}
