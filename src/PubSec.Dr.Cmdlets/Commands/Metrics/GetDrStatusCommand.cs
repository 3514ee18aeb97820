using System.Management.Automation;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Metrics;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Metrics;

/// <summary>
/// <para type="synopsis">Shows, per Qdrant collection and Redis name, the newest backup, the newest backup proven restorable and the last drill, each with its age and OK / WARN / FAIL against the plan's schedule.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DrStatus")]
[OutputType(typeof(DrStatus))]
public sealed class GetDrStatusCommand : RegionCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore? Store { get; set; }

    /// <summary>The clock the ages are taken against; what happened after it is left out.</summary>
    [Parameter]
    public DateTimeOffset? AsOf { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        void Error(PubSec.Dr.Errors.DrException ex) => EmitError(DrErrorRecord.From(ex));
        var rows = await DrStatusBuilder.ReadAsync(RegionStore(Store), Environment?.Name, AsOf ?? DateTimeOffset.UtcNow,
            Error, cancellationToken, ReplicationLinks.Probe(Backends, Environment, Error)).ConfigureAwait(false);
        foreach (var status in rows)
        {
            Emit(status);
        }
    }
}
