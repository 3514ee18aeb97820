using PubSec.Dr.Errors;

namespace PubSec.Dr.Drills;

/// <summary>Turns a phase's failed checks into its failure, naming each (the backup or collection and what was seen).</summary>
public static class DrillFailures
{
    public static void ThrowIfAny(DrillContext context, string check, string summary) => ThrowIfAny(context, [check], summary);

    public static void ThrowIfAny(DrillContext context, IReadOnlyCollection<string> checks, string summary)
    {
        var failed = context.PhaseChecks.Where(c => !c.Passed && checks.Contains(c.Name)).ToList();
        if (failed.Count > 0)
        {
            throw new DrException(ErrorIds.DrillCheckFailed, DrErrorCategory.InvalidResult,
                $"{summary} {string.Join(" ", failed.Select(c => $"{c.Name} {c.Target}: {c.Observed}."))}",
                "Look at the failed checks of the drill result; Test-BackupIntegrity and Compare-QdrantCollection show the details.", failed[0].Target);
        }
    }

    /// <summary>The DrillFailed error of a failed drill (written beside the result): every criterion not met and every failed check.</summary>
    public static DrException Of(DrillResult result)
    {
        var criteria = result.Criteria.Where(c => !c.Passed).Select(c => $"{c.Name} ({c.Observed})");
        var checks = result.Checks.Where(c => !c.Passed).Select(c => $"{c.Name} {c.Target}: {c.Observed}");
        return new DrException(ErrorIds.DrillFailed, DrErrorCategory.InvalidResult,
            $"The {result.Scenario} drill {result.Id} of {result.Environment} failed. Criteria not met: {string.Join("; ", criteria)}."
                + (result.ChecksFailed > 0 ? $" Failed checks: {string.Join("; ", checks)}." : string.Empty),
            "Fix what the failed checks name (a broken backup: Test-BackupIntegrity; a slow phase: its cmdlet), then run the drill again.", result);
    }
}
