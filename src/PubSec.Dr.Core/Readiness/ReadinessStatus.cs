namespace PubSec.Dr;

/// <summary>
/// One check's outcome. Warning: the region can take the load, but something is worse than the plan wants (a
/// backup older than the RPO, a replica lagging); Failed: it cannot, or the check could not tell in time.
/// </summary>
public enum ReadinessStatus
{
    Passed,
    Warning,
    Failed,
}
