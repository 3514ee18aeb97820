using System.Management.Automation;
using System.Security;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Qdrant.Compare;

namespace PubSec.Dr.Commands.Qdrant;

/// <summary>
/// <para type="synopsis">Compares a live collection with a backup's manifest or with another collection.</para>
/// </summary>
[Cmdlet(VerbsData.Compare, "QdrantCollection", DefaultParameterSetName = BackupSet)]
[OutputType(typeof(QdrantDifference), typeof(QdrantComparison))]
public sealed class CompareQdrantCollectionCommand : RegionCmdlet
{
    private const string BackupSet = "Backup";
    private const string CollectionSet = "Collection";

    [Parameter(Mandatory = true, ParameterSetName = BackupSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public QdrantBackup Backup { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = CollectionSet)]
    [ValidateNotNullOrEmpty]
    public string ReferenceCollection { get; set; } = string.Empty;

    [Parameter(ParameterSetName = CollectionSet)]
    public Uri? ReferenceGrpcUri { get; set; }

    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public Uri[]? QdrantUri { get; set; }

    [Parameter(ParameterSetName = BackupSet)]
    [Parameter(Mandatory = true, ParameterSetName = CollectionSet)]
    [ValidateNotNullOrEmpty]
    public string? Collection { get; set; }

    [Parameter]
    public Uri? GrpcUri { get; set; }

    [Parameter]
    public SecureString? ApiKey { get; set; }

    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double MinimumRecall { get; set; } = 0.9;

    [Parameter(ParameterSetName = CollectionSet)]
    [ValidateRange(0, 10000)]
    public int SampleSize { get; set; } = QdrantSampler.DefaultSampleSize;

    [Parameter(ParameterSetName = CollectionSet)]
    [ValidateRange(0, 100)]
    public int GoldenQueryCount { get; set; } = QdrantSampler.DefaultGoldenQueryCount;

    [Parameter]
    public SwitchParameter Summary { get; set; }

    /// <summary>How long connecting (TCP and TLS) to each Qdrant node and gRPC endpoint may take.</summary>
    [Parameter]
    [Duration(DurationKind.Connect)]
    public TimeSpan ConnectTimeout { get; set; } = NetworkDeadlines.DefaultConnect;

    /// <summary>How long each Qdrant node and gRPC endpoint may take to answer a request, or during a transfer to send or take the next bytes.</summary>
    [Parameter]
    [Duration(DurationKind.Request)]
    public TimeSpan RequestTimeout { get; set; } = NetworkDeadlines.DefaultRequest;

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var target = EnvironmentParameters.Qdrant(SelectedRegion(), QdrantUri, GrpcUri, ApiKey, new NetworkDeadlines(ConnectTimeout, RequestTimeout));
        var collection = Collection ?? Backup.Collection;
        var reference = ParameterSetName == BackupSet
            ? QdrantComparisonReference.OfBackup(Backup)
            : QdrantComparisonReference.OfCollection(ReferenceCollection, ReferenceGrpcUri, SampleSize, GoldenQueryCount);
        try
        {
            var comparison = await new QdrantComparisonEngine(Backends, target, new CmdletLog(EmitVerbose, EmitWarning))
                .CompareAsync(collection, reference, MinimumRecall, cancellationToken).ConfigureAwait(false);
            if (Summary)
            {
                Emit(comparison);
                return;
            }

            foreach (var difference in comparison.Differences)
            {
                Emit(difference);
            }
        }
        catch (DrException ex)
        {
            EmitError(DrErrorRecord.From(ex, collection));
        }
    }
}
