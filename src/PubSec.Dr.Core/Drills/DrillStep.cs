namespace PubSec.Dr.Drills;

/// <summary>
/// One phase of a scenario: its name, the plan step it proves ("2.2 step 3"), the shipped cmdlet or runbook whose
/// engine performs it, whether a real recovery would spend this time (it then counts toward the RTO), and the work.
/// The work adds details to the phase and checks to the context; a DrException fails the phase and stops the drill.
/// </summary>
public sealed record DrillStep(string Name, string PlanStep, string PerformedBy, bool CountsTowardRto,
    Func<DrillContext, DrillPhase, CancellationToken, Task> RunAsync)
{
    /// <summary>
    /// Runs at the same time as the next step, as the plan does the work in parallel (2.3 step 4: configuration and
    /// data). Each keeps its own phase and timing; the RTO counts the time they overlap once.
    /// </summary>
    public bool WithNext { get; init; }

    public DrillPhase NewPhase() => new() { Name = Name, PlanStep = PlanStep, PerformedBy = PerformedBy, CountsTowardRto = CountsTowardRto };
}
