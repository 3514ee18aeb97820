namespace PubSec.Dr.Route53;

/// <summary>
/// The Route53 calls a failover needs, over signed REST (no AWSSDK.Route53). Ids may be bare or prefixed
/// (/hostedzone/..., /change/...). Failures are DrExceptions with the Route53* error ids; throttling and
/// PriorRequestNotComplete are retried inside.
/// </summary>
public interface IRoute53Client : IDisposable
{
    /// <summary>Where the calls go (Route53's global endpoint, an override, or an emulator).</summary>
    Uri Endpoint { get; }

    Task<Route53HostedZone> GetHostedZoneAsync(string hostedZoneId, CancellationToken cancellationToken);

    /// <summary>
    /// The zone's record sets from <paramref name="start"/> on (null: from the first), in Route53's order, page by
    /// page as the caller reads; stop reading once past the names you need.
    /// </summary>
    IAsyncEnumerable<Route53RecordSet> ListRecordSetsAsync(string hostedZoneId, Route53ListPosition? start, CancellationToken cancellationToken);

    Task<Route53ChangeInfo> ChangeRecordSetsAsync(string hostedZoneId, Route53ChangeBatch batch, CancellationToken cancellationToken);

    Task<Route53ChangeInfo> GetChangeAsync(string changeId, CancellationToken cancellationToken);
}

/// <summary>Makes Route53 clients for an environment's dns.route53 section (the BackendFactory's DNS part).</summary>
public interface IRoute53Connector
{
    /// <summary>A client with the section's endpoint, signing region and credentials (resolved now: missing ones fail here).</summary>
    IRoute53Client Route53(Route53Connection connection);
}
