using System.Management.Automation;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Metrics;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Metrics;

/// <summary>
/// <para type="synopsis">Writes the DR metrics of a store in the Prometheus text format: newest and newest verified-restorable backup per collection and Redis name, backup counts, size and duration, the last drill per scenario and the DR test success rate.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "DrMetrics", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(string), typeof(DrMetricsExport))]
public sealed class ExportDrMetricsCommand : RegionCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore? Store { get; set; }

    /// <summary>The metrics file (for the node-exporter textfile collector); without it and without -PushgatewayUrl the text is written to the output.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter]
    [ValidateNotNull]
    public Uri? PushgatewayUrl { get; set; }

    /// <summary>The clock the ages are taken against; what happened after it is left out.</summary>
    [Parameter]
    public DateTimeOffset? AsOf { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var store = RegionStore(Store);
        var path = Path is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var target = string.Join(" and ", new[] { path, PushgatewayUrl is null ? null : PushgatewayClient.Shown(PushgatewayUrl) }.OfType<string>());
        if (target.Length > 0 && !AskShouldProcess(target, $"Write the DR metrics of {store.Location}"))
        {
            return;
        }

        void Error(PubSec.Dr.Errors.DrException ex) => EmitError(DrErrorRecord.From(ex));
        var result = await new MetricsExporter(Backends).ExportAsync(store, Environment?.Name, AsOf ?? DateTimeOffset.UtcNow, path, PushgatewayUrl,
            Error, cancellationToken, ReplicationLinks.Probe(Backends, Environment, Error)).ConfigureAwait(false);
        Emit(target.Length > 0 ? result.Export : result.Text);
    }
}
