using PubSec.Dr.Backends;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Route53;

namespace PubSec.Dr.Drills;

/// <summary>
/// Deletes the RegionalFailover drill's record from the zone (Route53 DELETE with the values the zone holds now);
/// refuses any record but the environment's dns.drillName, so a ledger can never make it delete what users resolve.
/// </summary>
public sealed class DnsRecordRemover(IBackendFactory backends) : IDrillResourceRemover
{
    public const string ResourceKind = "DnsRecord";

    public string Kind => ResourceKind;

    public async Task RemoveAsync(DrEnvironment environment, DrillResource resource, CancellationToken ct)
    {
        var dns = environment.RequireDns();
        var view = DrillDnsView.For(environment);
        var record = view.RequireDns().Records[0];
        if (!string.Equals(resource.Name, DrillDnsView.ResourceName(view), StringComparison.Ordinal)
            || dns.Records.Any(r => string.Equals(r.Name, record.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw DrillOwnership.NotOwned(resource, "DNS record", $"the environment's drill record ({DrillDnsView.ResourceName(view)})");
        }

        using var client = backends.Route53(Route53Credentials.Connect(dns.Route53));
        var zone = await client.GetHostedZoneAsync(dns.Route53.HostedZoneId, ct).ConfigureAwait(false);
        if (await DnsZoneRecords.FindAsync(client, zone, record, ct).ConfigureAwait(false) is not { } current)
        {
            return;
        }

        await client.ChangeRecordSetsAsync(zone.Id, new Route53ChangeBatch($"PubSecDr: remove the drill record of {environment.Name}",
            [new Route53Change(Route53Change.Delete, current)]), ct).ConfigureAwait(false);
    }
}
