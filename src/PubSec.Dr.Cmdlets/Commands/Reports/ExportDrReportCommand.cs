using System.Management.Automation;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Errors;
using PubSec.Dr.Reports;

namespace PubSec.Dr.Commands.Reports;

/// <summary>
/// <para type="synopsis">Writes one report file (self-contained HTML, Markdown or JSON) from the drill results, drill histories, failover results, integrity reports and backups piped to it.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "DrReport", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ReportFile))]
public sealed class ExportDrReportCommand : PSCmdlet
{
    private readonly ReportCollector _collector = new();
    private string _path = string.Empty;

    /// <summary>DrillResult, DrillHistory, FailoverResult, IntegrityReport or a backup (QdrantBackup, RedisBackup, KubernetesConfigBackup).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public object? InputObject { get; set; }

    [Parameter(Mandatory = true)]
    public ReportFormat Format { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Title { get; set; } = "Disaster recovery report";

    /// <summary>Replace an existing file at -Path.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    // The destination is checked before any input is read: a wrong path fails at once, not after a long pipeline.
    protected override void BeginProcessing()
    {
        _path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        try
        {
            ReportExporter.CheckDestination(_path, Force);
        }
        catch (DrException ex)
        {
            ThrowTerminatingError(DrErrorRecord.From(ex, Path));
        }
    }

    // -InputObject $results (not piped) binds the whole array: its items are taken one by one, like the pipeline's.
    protected override void ProcessRecord()
    {
        var items = LanguagePrimitives.GetEnumerable(InputObject)?.Cast<object?>() ?? [InputObject];
        foreach (var item in items)
        {
            try
            {
                _collector.Add(item is PSObject wrapped ? wrapped.BaseObject : item);
            }
            catch (DrException ex)
            {
                WriteError(DrErrorRecord.From(ex, item));
            }
        }
    }

    protected override void EndProcessing()
    {
        if (!ShouldProcess(_path, $"Write the {Format} report"))
        {
            return;
        }

        try
        {
            WriteObject(ReportExporter.Export(_collector.Build(Title, DateTimeOffset.UtcNow), Format, _path, Force));
        }
        catch (DrException ex)
        {
            ThrowTerminatingError(DrErrorRecord.From(ex, Path));
        }
    }
}
