namespace PubSec.Dr;

/// <summary>
/// One timed phase of a drill: what it proves (PlanStep, e.g. "2.2 step 3") and which shipped cmdlet or runbook
/// performed it (PerformedBy), so "documentation accurate" is checked, not asserted. Phases that a real recovery
/// would go through count toward the drill's RTO; setup and cleanup do not.
/// </summary>
public sealed class DrillPhase
{
    public string Name { get; set; } = string.Empty;

    public string PlanStep { get; set; } = string.Empty;

    public string PerformedBy { get; set; } = string.Empty;

    public bool CountsTowardRto { get; set; } = true;

    public FailoverStepStatus Status { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public TimeSpan? Duration { get; set; }

    public List<string> Details { get; set; } = [];

    public string? ErrorId { get; set; }

    public string? Message { get; set; }

    public override string ToString() => $"{Name} ({PlanStep}): {Status}";
}
