namespace PubSec.Dr;

/// <summary>
/// One thing Test-DrRegionReadiness looked at: what the plan expects, what it saw, how long looking took, and what
/// to do when it is not Passed. Names are short and name the object ("Deployment/app", "Qdrant shards/docs").
/// </summary>
public sealed class ReadinessCheck
{
    public string Region { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public ReadinessCategory Category { get; set; }

    public ReadinessStatus Status { get; set; }

    public string Expected { get; set; } = string.Empty;

    public string Observed { get; set; } = string.Empty;

    public TimeSpan Duration { get; set; }

    /// <summary>What an operator does about a Warning or a failure; empty when Passed.</summary>
    public string Advice { get; set; } = string.Empty;

    public override string ToString() => $"{Status} {Name}: {Observed}";
}
