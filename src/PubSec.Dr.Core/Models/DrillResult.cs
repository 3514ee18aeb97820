using PubSec.Dr.Environments;

namespace PubSec.Dr;

/// <summary>
/// Invoke-DrDrill's result (PSTypeName PubSec.Dr.DrillResult): the scenario's timed phases, the RTO a real recovery
/// would have taken (the sum of the phases that count toward it), the RPO it would have had, the checks, a verdict
/// per success criterion of the plan (3.1), and what the drill created and removed. Saved in the store as the history.
/// </summary>
public sealed class DrillResult
{
    public string Id { get; set; } = string.Empty;

    public string Environment { get; set; } = string.Empty;

    public DrillScenario Scenario { get; set; }

    /// <summary>True when -Scenario Scheduled picked the scenario from the date.</summary>
    public bool Scheduled { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public List<DrillPhase> Phases { get; set; } = [];

    public TimeSpan? Rto { get; set; }

    public TimeSpan? Rpo { get; set; }

    /// <summary>Where the RPO comes from, in words (the age of backup X, the replica lag).</summary>
    public string? RpoBasis { get; set; }

    public List<DrillCheck> Checks { get; set; } = [];

    public int ChecksPassed => Checks.Count(c => c.Passed);

    public int ChecksFailed => Checks.Count(c => !c.Passed);

    public List<DrillCriterion> Criteria { get; set; } = [];

    public DrillVerdict Verdict { get; set; }

    /// <summary>The objectives the drill was judged against (the environment's).</summary>
    public DrObjectives? Objectives { get; set; }

    public List<DrillResource> Created { get; set; } = [];

    public List<DrillResource> Removed { get; set; } = [];

    /// <summary>What earlier, killed drills left behind and this one removed before it started.</summary>
    public List<DrillResource> LeftoversRemoved { get; set; } = [];

    public override string ToString() => $"{Environment} {Scenario} {StartedAt:u}: {Verdict}";
}
