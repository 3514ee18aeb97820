namespace PubSec.Dr.Environments;

/// <summary>The DNS side of a failover: the Route53 zone, the records that move, and the resolvers that must see the move.</summary>
public sealed record DrDnsSettings(DrRoute53Settings Route53, IReadOnlyList<DrFailoverRecord> Records, IReadOnlyList<DrResolver> Resolvers);
