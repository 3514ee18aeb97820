namespace PubSec.Dr.Drills;

/// <summary>The plan's monthly rotation (3.1): month 1 failover, 2 restore, 3 rebuild, 4 security breach, then again from 1 (month 5 is a failover).</summary>
public static class DrillRotation
{
    private static readonly DrillScenario[] Order =
        [DrillScenario.SecurityBreach, DrillScenario.RegionalFailover, DrillScenario.DatabaseRestore, DrillScenario.InfrastructureRebuild];

    /// <summary>The scenario of the calendar month of <paramref name="date"/> (UTC): its month number mod 4 (0 is month 4's breach).</summary>
    public static DrillScenario For(DateTimeOffset date) => Order[date.UtcDateTime.Month % 4];
}
