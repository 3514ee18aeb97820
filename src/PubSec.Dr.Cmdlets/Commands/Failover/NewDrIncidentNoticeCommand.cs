using System.Management.Automation;
using PubSec.Dr.Failover;

namespace PubSec.Dr.Commands.Failover;

/// <summary>
/// <para type="synopsis">Writes the status-page text and the customer email (plan 5.2) of a failover from its result: start and end times, what was restored from which backup, the data-loss window per store.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "DrIncidentNotice")]
[OutputType(typeof(IncidentNotice))]
public sealed class NewDrIncidentNoticeCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public FailoverResult InputObject { get; set; } = null!;

    protected override void ProcessRecord() => WriteObject(IncidentNoticeBuilder.Build(InputObject));
}
