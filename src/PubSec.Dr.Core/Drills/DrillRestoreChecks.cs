namespace PubSec.Dr.Drills;

/// <summary>
/// The names of the drill checks that restore one backup (their target is its id). Export-DrMetrics and Get-DrStatus
/// read a passing one from the drill history as proof the backup is restorable, so the names are kept in one place.
/// </summary>
public static class DrillRestoreChecks
{
    public const string Qdrant = "Restore";
    public const string Redis = "RedisRestore";

    public static readonly string[] All = [Qdrant, Redis];
}
