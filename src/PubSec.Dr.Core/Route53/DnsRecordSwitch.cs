using System.Diagnostics;
using PubSec.Dr.DnsPropagation;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Route53;

/// <summary>
/// Set-DrDnsRecord: UPSERTs every failover record of the environment to a region's values in ONE change batch
/// (Route53 applies it whole or not at all, so clients never see half a failover), then waits until it is INSYNC.
/// Routing fields of the existing sets (failover role, weight, health check) are carried over, so a failover pair
/// stays one. Every record is checked against the zone before anything is sent.
/// </summary>
public sealed class DnsRecordSwitch(IRoute53Client client, IOperationLog? log = null)
{
    private readonly IOperationLog _log = log ?? NullOperationLog.Instance;

    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Also write the batch as an AWS CLI --change-batch file, before asking (so -WhatIf writes it too).</summary>
    public string? ChangeBatchPath { get; init; }

    public Func<TimeSpan, CancellationToken, Task>? Delay { get; init; }

    /// <summary>
    /// Plans the switch, writes the batch file if asked, asks <paramref name="shouldProcess"/>, and sends. Null when
    /// the answer was no (-WhatIf).
    /// </summary>
    public async Task<DnsRecordSwitchResult?> RunAsync(DrEnvironment environment, string region, Func<DnsSwitchPlan, bool> shouldProcess,
        IProgress<StepProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new StepProgress("Switching DNS records", "Reading the hosted zone", 0));
        var plan = await PlanAsync(environment, region, cancellationToken).ConfigureAwait(false);
        if (ChangeBatchPath is not null)
        {
            DnsChangeBatchFile.Write(plan.Batch, ChangeBatchPath);
            _log.Verbose($"Wrote the change batch to {ChangeBatchPath} (aws route53 change-resource-record-sets --hosted-zone-id {plan.Zone.Id} --change-batch file://{ChangeBatchPath}).");
        }

        if (!shouldProcess(plan))
        {
            return null;
        }

        progress?.Report(new StepProgress("Switching DNS records", $"Sending {plan.Changes.Count} change(s) to {plan.Zone.Name}", 30));
        var clock = Stopwatch.StartNew();
        var submitted = await client.ChangeRecordSetsAsync(plan.Zone.Id, plan.Batch, cancellationToken).ConfigureAwait(false);
        _log.Verbose($"Route53 accepted change {submitted.Id} ({submitted.Status}){(submitted.IsInSync ? string.Empty : "; waiting for INSYNC")}.");
        progress?.Report(new StepProgress("Switching DNS records", $"Change {submitted.Id} {submitted.Status}, waiting for INSYNC", 60));
        var synced = await Route53ChangeWaiter.WaitInSyncAsync(client, submitted, PollInterval, WaitTimeout, cancellationToken, Delay).ConfigureAwait(false);
        return new DnsRecordSwitchResult
        {
            Environment = environment.Name, Region = plan.Region, HostedZoneId = plan.Zone.Id, ZoneName = plan.Zone.Name,
            ChangeId = synced.Id, Status = synced.Status, Comment = plan.Batch.Comment, SubmittedAt = submitted.SubmittedAt,
            InSyncAt = DateTimeOffset.UtcNow, Duration = clock.Elapsed, Changes = [.. plan.Changes], ChangeBatchPath = ChangeBatchPath,
        };
    }

    public async Task<DnsSwitchPlan> PlanAsync(DrEnvironment environment, string region, CancellationToken cancellationToken)
    {
        var dns = environment.RequireDns();
        var regionName = environment.Region(region).Name;
        var zone = await client.GetHostedZoneAsync(dns.Route53.HostedZoneId, cancellationToken).ConfigureAwait(false);
        // Every name is checked before anything is read or sent: Route53 would reject the whole batch anyway.
        foreach (var record in dns.Records.Where(record => !DnsZoneRecords.InZone(record, zone)))
        {
            throw DnsZoneRecords.NotInZone(environment, record, zone, outsideApex: true);
        }

        var changes = new List<Route53Change>();
        var described = new List<DnsRecordChange>();
        foreach (var record in dns.Records)
        {
            if (!record.Values.TryGetValue(regionName, out var values) || values.Count == 0)
            {
                throw new DrException(ErrorIds.EnvironmentInvalid, DrErrorCategory.InvalidData,
                    $"The record {record.Name} {record.Type} of the environment '{environment.Name}' has no values for region '{regionName}'.",
                    $"Add dns.records[].values.{regionName} to the environment file.", record.Name);
            }

            var current = await DnsZoneRecords.FindAsync(client, zone, record, cancellationToken).ConfigureAwait(false);
            if (current?.IsAlias == true)
            {
                _log.Warning($"{record.Name} {record.Type} is an alias record in the zone; the switch replaces it with plain values.");
            }

            var after = values.Select(value => Quote(record.Type, value)).ToArray();
            var set = new Route53RecordSet
            {
                Name = record.Name, Type = record.Type, SetIdentifier = record.SetIdentifier, Weight = current?.Weight, Region = current?.Region,
                Failover = current?.Failover, MultiValueAnswer = current?.MultiValueAnswer, Ttl = record.Ttl, Values = after,
                HealthCheckId = current?.HealthCheckId,
            };
            changes.Add(new Route53Change(Route53Change.Upsert, set));
            var before = current is null ? [] : DnsZoneRecords.Plain(current.Values);
            described.Add(new DnsRecordChange
            {
                Name = record.Name, Type = record.Type, SetIdentifier = record.SetIdentifier, TtlBefore = current?.Ttl, Ttl = record.Ttl,
                Before = before, After = [.. values], RegionBefore = DnsZoneRecords.RegionOf(record, before),
                Changed = current is null || current.Ttl != record.Ttl || !DnsValues.SameSet(before, values),
            });
        }

        var comment = $"PubSecDr: {environment.Name} to region {regionName}";
        return new DnsSwitchPlan(environment, regionName, zone, new Route53ChangeBatch(comment.Length > 256 ? comment[..256] : comment, changes), described);
    }

    // Route53 wants TXT values as quoted strings; the environment file holds them bare.
    private static string Quote(string type, string value) =>
        type.Equals("TXT", StringComparison.OrdinalIgnoreCase) && !value.StartsWith('"')
            ? "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : value;
}
