namespace PubSec.Dr.Environments;

/// <summary>The DNS side of a failover: the Route53 zone, the records that move, and the resolvers that must see the move.</summary>
public sealed record DrDnsSettings(DrRoute53Settings Route53, IReadOnlyList<DrFailoverRecord> Records, IReadOnlyList<DrResolver> Resolvers)
{
    /// <summary>
    /// A name in the same zone that only drills use (lower case, trailing dot): the RegionalFailover drill points it at
    /// a region and moves it as a failover moves the public name, so the rehearsal never touches what users resolve.
    /// </summary>
    public string? DrillName { get; init; }
}
