using PubSec.Dr.DnsPropagation;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Route53;

/// <summary>What the query and the switch share: the zone check, and reading one record set as the zone holds it.</summary>
internal static class DnsZoneRecords
{
    public static bool InZone(DrFailoverRecord record, Route53HostedZone zone) => Route53Names.InZone(record.Name, zone.Name);

    public static DrException NotInZone(DrEnvironment environment, DrFailoverRecord record, Route53HostedZone zone, bool outsideApex) => new(
        ErrorIds.DnsRecordNotInZone, DrErrorCategory.ObjectNotFound,
        outsideApex
            ? $"The record {record.Name} {record.Type} of the environment '{environment.Name}' cannot be in the hosted zone {zone.Name} ({zone.Id}): the name is outside the zone."
            : $"The hosted zone {zone.Name} ({zone.Id}) holds no record set {record.Name} {record.Type}{(record.SetIdentifier is null ? string.Empty : $" with SetIdentifier '{record.SetIdentifier}'")}.",
        outsideApex
            ? "Fix dns.records[].name in the environment file, or dns.route53.hostedZoneId if it names the wrong zone."
            : "Create the record with Set-DrDnsRecord -Region <region> (an UPSERT creates it), or fix its name, type or setIdentifier in the environment file.",
        record.Name);

    /// <summary>The zone's record set with the record's name, type and set identifier, or null.</summary>
    public static async Task<Route53RecordSet?> FindAsync(IRoute53Client client, Route53HostedZone zone, DrFailoverRecord record, CancellationToken cancellationToken)
    {
        // Real Route53 starts at the identifier; a server that ignores it (moto) starts at the name and type, and the
        // loop reads on through the sets of that name and type.
        var start = new Route53ListPosition(record.Name, record.Type, record.SetIdentifier);
        await foreach (var set in client.ListRecordSetsAsync(zone.Id, start, cancellationToken).ConfigureAwait(false))
        {
            if (!Route53Names.Equal(set.Name, record.Name) || !string.Equals(set.Type, record.Type, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (set.SameKey(record.Name, record.Type, record.SetIdentifier))
            {
                return set;
            }
        }

        return null;
    }

    /// <summary>The values as a resolver would answer them (TXT without Route53's quotes).</summary>
    public static string[] Plain(IEnumerable<string> values) => [.. values.Select(value => value.Trim())];

    public static string RegionOf(DrFailoverRecord record, IReadOnlyList<string> values) =>
        values.Count == 0 ? PubSec.Dr.DnsRecord.NoRegion : record.RegionOf(values.Select(DnsValues.Normalize)) ?? PubSec.Dr.DnsRecord.NoRegion;
}
