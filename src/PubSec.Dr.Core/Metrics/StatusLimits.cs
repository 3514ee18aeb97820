namespace PubSec.Dr.Metrics;

/// <summary>
/// The thresholds Get-DrStatus judges against, from the plan: Qdrant is backed up every 6 h and alerted on after
/// 7 h (1.1), Redis daily (1.2), a restore test runs weekly (3.2), a drill monthly (3.1). Up to the schedule is OK,
/// up to the alert is WARN (a run is due), beyond is FAIL, the same limits as deploy/prometheus' alerts.
/// </summary>
public sealed record StatusLimits(TimeSpan Ok, TimeSpan Warn)
{
    public static StatusLimits For(string kind) => kind == RedisBackup.KindName ? Redis : Qdrant;

    public static StatusLimits Qdrant { get; } = new(TimeSpan.FromHours(6), TimeSpan.FromHours(7));

    public static StatusLimits Redis { get; } = new(TimeSpan.FromHours(24), TimeSpan.FromHours(25));

    public static StatusLimits Verified { get; } = new(TimeSpan.FromDays(7), TimeSpan.FromDays(8));

    /// <summary>The daily integrity check (3.2): a day and an hour of slack, then a missed second day fails.</summary>
    public static StatusLimits Integrity { get; } = new(TimeSpan.FromHours(25), TimeSpan.FromHours(49));

    public static StatusLimits Drill { get; } = new(TimeSpan.FromDays(31), TimeSpan.FromDays(35));

    public DrHealth Judge(TimeSpan age) => age <= Ok ? DrHealth.OK : age <= Warn ? DrHealth.WARN : DrHealth.FAIL;
}
