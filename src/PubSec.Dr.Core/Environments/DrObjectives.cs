namespace PubSec.Dr.Environments;

/// <summary>The recovery objectives results are judged against; the defaults are the DR plan's (RTO 2 h / max 4 h, RPO 30 min / max 1 h, regional failover 30 min).</summary>
public sealed record DrObjectives(TimeSpan Rto, TimeSpan RtoMax, TimeSpan Rpo, TimeSpan RpoMax, TimeSpan FailoverRto)
{
    public static DrObjectives Plan { get; } = new(TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromMinutes(30));
}
