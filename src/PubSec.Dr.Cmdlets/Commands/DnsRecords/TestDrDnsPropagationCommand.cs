using System.Management.Automation;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.DnsPropagation;
using PubSec.Dr.Route53;

namespace PubSec.Dr.Commands.DnsRecords;

/// <summary>
/// <para type="synopsis">Asks every resolver for the environment's failover records until all answer the expected values, and reports per resolver when it converged.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "DrDnsPropagation", DefaultParameterSetName = ZoneSet)]
[OutputType(typeof(DnsPropagationResult))]
public sealed class TestDrDnsPropagationCommand : Route53CmdletBase
{
    private const string ZoneSet = "Zone";
    private const string RegionSet = "Region";
    private const string ValueSet = "Value";

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = RegionSet)]
    [ValidateNotNullOrEmpty]
    public string Region { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = ValueSet)]
    [ValidateNotNullOrEmpty]
    public string[] ExpectedValue { get; set; } = [];

    /// <summary>Resolvers as host:port instead of the environment's dns.resolvers.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Resolver { get; set; }

    [Parameter]
    [Duration(DurationKind.Wait)]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    [Parameter]
    [Duration(DurationKind.Wait)]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one query may wait for its answer.</summary>
    [Parameter]
    [Duration(DurationKind.Request)]
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(2);

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var resolvers = DnsPropagationTargets.Resolvers(Environment, Resolver);
        var targets = ParameterSetName switch
        {
            RegionSet => DnsPropagationTargets.ForRegion(Environment, Region),
            ValueSet => DnsPropagationTargets.ForValues(Environment, ExpectedValue),
            _ => await ZoneTargetsAsync(cancellationToken).ConfigureAwait(false),
        };
        using var probe = Backends.DnsProbe(new DnsProbeOptions(QueryTimeout));
        var steps = new StepProgressWriter(1, EmitProgress);
        var check = new DnsPropagationCheck(probe, new CmdletLog(EmitVerbose, EmitWarning)) { Timeout = Timeout, Interval = Interval };
        try
        {
            foreach (var outcome in await check.RunAsync(targets, resolvers, steps, cancellationToken).ConfigureAwait(false))
            {
                EmitResult(outcome.Result, outcome.Failure);
            }
        }
        finally
        {
            steps.Complete();
        }
    }

    // Without -Region or -ExpectedValue the check proves that what the zone holds now has reached every resolver.
    private async Task<IReadOnlyList<DnsPropagationTarget>> ZoneTargetsAsync(CancellationToken cancellationToken)
    {
        using var client = ConnectRoute53();
        var rows = await new DnsRecordQuery(client).RunAsync(Environment, cancellationToken).ConfigureAwait(false);
        foreach (var (_, failure) in rows.Where(row => row.Failure is not null))
        {
            throw failure!;
        }

        return [.. rows.Select(row => new DnsPropagationTarget(row.Record.Name, row.Record.Type, row.Record.Values))];
    }
}
