using PubSec.Dr.Environments;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Route53;

/// <summary>
/// Get-DrDnsRecord: the environment's failover records as the hosted zone holds them now, and which region each
/// points at. A record the zone does not (or cannot) hold is a row with InZone false and a DnsRecordNotInZone failure.
/// </summary>
public sealed class DnsRecordQuery(IRoute53Client client)
{
    public async Task<IReadOnlyList<(DnsRecord Record, DrException? Failure)>> RunAsync(DrEnvironment environment, CancellationToken cancellationToken)
    {
        var dns = environment.RequireDns();
        var zone = await client.GetHostedZoneAsync(dns.Route53.HostedZoneId, cancellationToken).ConfigureAwait(false);
        var rows = new List<(DnsRecord, DrException?)>();
        foreach (var record in dns.Records)
        {
            var row = new DnsRecord
            {
                Environment = environment.Name, Name = record.Name, Type = record.Type, SetIdentifier = record.SetIdentifier,
                HostedZoneId = zone.Id, ZoneName = zone.Name,
            };
            if (!DnsZoneRecords.InZone(record, zone))
            {
                rows.Add((row, DnsZoneRecords.NotInZone(environment, record, zone, outsideApex: true)));
                continue;
            }

            var set = await DnsZoneRecords.FindAsync(client, zone, record, cancellationToken).ConfigureAwait(false);
            if (set is null)
            {
                rows.Add((row, DnsZoneRecords.NotInZone(environment, record, zone, outsideApex: false)));
                continue;
            }

            row.InZone = true;
            row.Ttl = set.Ttl;
            row.Values = DnsZoneRecords.Plain(set.Values);
            row.Failover = set.Failover;
            row.Region = DnsZoneRecords.RegionOf(record, set.Values);
            rows.Add((row, null));
        }

        return rows;
    }
}
