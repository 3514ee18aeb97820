using PubSec.Dr.Environments;

namespace PubSec.Dr.Drills;

/// <summary>
/// The plan's success criteria (3.1) as one verdict each: RTO under target and maximum, RPO under target and maximum,
/// every check passing after recovery, and the documentation accurate (every phase names its plan step and a shipped
/// cmdlet or runbook, and none of them failed). A drill passes only when all hold.
/// </summary>
public static class DrillCriteria
{
    public static List<DrillCriterion> Judge(DrillResult result, DrObjectives objectives, Func<string, bool> shipped)
    {
        var recoveryFailed = result.Phases.Where(p => p.CountsTowardRto).Any(p => p.Status is not (FailoverStepStatus.Succeeded or FailoverStepStatus.Skipped));
        return
        [
            Time("RTO < target", result.Rto, objectives.Rto, recoveryFailed ? "the recovery did not complete" : null),
            Time("RTO < maximum", result.Rto, objectives.RtoMax, recoveryFailed ? "the recovery did not complete" : null),
            Time("RPO < target", result.Rpo, objectives.Rpo, null),
            Time("RPO < maximum", result.Rpo, objectives.RpoMax, null),
            Checks(result),
            Documentation(result.Phases, shipped),
        ];
    }

    public static DrillVerdict Verdict(IEnumerable<DrillCriterion> criteria) => criteria.All(c => c.Passed) ? DrillVerdict.Passed : DrillVerdict.Failed;

    private static DrillCriterion Time(string name, TimeSpan? observed, TimeSpan target, string? notReached) => new()
    {
        Name = name,
        Passed = notReached is null && observed is { } value && value < target,
        Observed = notReached ?? (observed is { } v ? Text(v) : "unknown"),
        Target = $"< {Text(target)}",
    };

    private static DrillCriterion Checks(DrillResult result)
    {
        var unfinished = result.Phases.Where(p => p.Status is FailoverStepStatus.Failed or FailoverStepStatus.NotStarted or FailoverStepStatus.Running).ToList();
        var failed = result.Checks.Where(c => !c.Passed).Select(c => c.Target is null ? c.Name : $"{c.Name} ({c.Target})").ToList();
        var observed = $"{result.ChecksPassed} of {result.Checks.Count} passed";
        if (failed.Count > 0)
        {
            observed += $"; failed: {string.Join(", ", failed)}";
        }

        if (unfinished.Count > 0)
        {
            observed += $"; phases not completed: {string.Join(", ", unfinished.Select(p => p.Name))}";
        }

        return new() { Name = "All checks passing", Passed = result.Checks.Count > 0 && failed.Count == 0 && unfinished.Count == 0, Observed = observed, Target = "every check passes after recovery" };
    }

    private static DrillCriterion Documentation(IReadOnlyList<DrillPhase> phases, Func<string, bool> shipped)
    {
        var problems = new List<string>();
        foreach (var phase in phases)
        {
            if (string.IsNullOrWhiteSpace(phase.PlanStep))
            {
                problems.Add($"{phase.Name} names no plan step");
            }

            if (string.IsNullOrWhiteSpace(phase.PerformedBy) || !shipped(phase.PerformedBy))
            {
                problems.Add($"{phase.Name}: '{phase.PerformedBy}' is not a shipped cmdlet or runbook");
            }
            else if (phase.Status == FailoverStepStatus.Failed)
            {
                problems.Add($"{phase.Name}: {phase.PerformedBy} failed");
            }
        }

        return new()
        {
            Name = "Documentation accurate",
            Passed = phases.Count > 0 && problems.Count == 0,
            Observed = problems.Count == 0 ? $"{phases.Count} phases name their plan step and a shipped cmdlet or runbook" : string.Join("; ", problems),
            Target = "every phase names its plan step and a shipped cmdlet or runbook that worked",
        };
    }

    public static string Text(TimeSpan value) => value.TotalHours >= 1 ? $"{value.TotalHours:0.##} h" : value.TotalMinutes >= 1 ? $"{value.TotalMinutes:0.#} min" : $"{value.TotalSeconds:0.#} s";
}
