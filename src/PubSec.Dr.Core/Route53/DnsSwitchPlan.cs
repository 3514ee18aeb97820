using PubSec.Dr.Environments;

namespace PubSec.Dr.Route53;

/// <summary>A switch worked out but not yet sent: the zone, the batch, and per record what changes.</summary>
public sealed record DnsSwitchPlan(DrEnvironment Environment, string Region, Route53HostedZone Zone, Route53ChangeBatch Batch, IReadOnlyList<DnsRecordChange> Changes)
{
    /// <summary>The ShouldProcess text: every change of the batch on its own line.</summary>
    public string Describe()
    {
        var newLine = System.Environment.NewLine;
        return $"UPSERT {Changes.Count} record set(s) to region '{Region}' in one change batch:{newLine}"
            + string.Join(newLine, Changes.Select(change => "  " + change));
    }
}
