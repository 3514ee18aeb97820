namespace PubSec.Dr;

/// <summary>The plan's drill scenarios (3.1), rotated monthly by -Scenario Scheduled: 1 failover, 2 restore, 3 rebuild, 4 breach.</summary>
public enum DrillScenario
{
    RegionalFailover,
    DatabaseRestore,
    InfrastructureRebuild,
    SecurityBreach,
}
