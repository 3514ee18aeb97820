using System.Management.Automation;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Route53;

namespace PubSec.Dr.Commands.DnsRecords;

/// <summary>
/// <para type="synopsis">Shows the environment's failover DNS records as the Route53 hosted zone holds them, and which region each points at.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DrDnsRecord")]
[OutputType(typeof(DnsRecord))]
public sealed class GetDrDnsRecordCommand : Route53CmdletBase
{
    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        using var client = ConnectRoute53();
        foreach (var (record, failure) in await new DnsRecordQuery(client).RunAsync(Environment, cancellationToken).ConfigureAwait(false))
        {
            EmitResult(record, failure);
        }
    }
}
