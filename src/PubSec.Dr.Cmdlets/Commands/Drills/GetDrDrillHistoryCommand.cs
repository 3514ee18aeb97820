using System.Management.Automation;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Drills;
using PubSec.Dr.Environments;

namespace PubSec.Dr.Commands.Drills;

/// <summary>
/// <para type="synopsis">Returns the drills saved in a region's store, newest first, with the RTO and RPO trend per scenario and the DR test success rate (plan 7.2, target 95%).</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DrDrillHistory")]
[OutputType(typeof(DrillHistory))]
public sealed class GetDrDrillHistoryCommand : AsyncPSCmdlet
{
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public DrEnvironment Environment { get; set; } = null!;

    /// <summary>The region whose store holds the history; default the environment file's first region (where Invoke-DrDrill saves by default).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Region { get; set; }

    [Parameter]
    public DrillScenario? Scenario { get; set; }

    /// <summary>Only the newest N drills.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Last { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var region = Region is null ? Environment.Region(Environment.RegionNames[0]) : Environment.Region(Region);
        var store = region.Require(r => r.Store, "store").Open();
        Emit(await new DrillHistoryStore(store).ReadAsync(Environment.Name, Scenario, Last, cancellationToken).ConfigureAwait(false));
    }
}
