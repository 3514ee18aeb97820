using System.Management.Automation;
using System.Security;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Commands.Completers;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Network;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Qdrant.Restore;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Qdrant;

/// <summary>
/// <para type="synopsis">Restores a Qdrant collection on every node of a cluster from a backup, and proves the result.</para>
/// </summary>
[Cmdlet(VerbsData.Restore, "QdrantCluster", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = BackupSet)]
[OutputType(typeof(RestoreResult))]
public sealed class RestoreQdrantClusterCommand : RegionCmdlet
{
    private const string BackupSet = "Backup";
    private const string LatestSet = "Latest";

    [Parameter(Mandatory = true, ParameterSetName = BackupSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public QdrantBackup Backup { get; set; } = null!;

    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public Uri[]? QdrantUri { get; set; }

    /// <summary>Where the latest backup of -Collection is looked for (default: the -Region's store).</summary>
    [Parameter(ParameterSetName = LatestSet)]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore? Store { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = LatestSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BackupCollectionCompleter))]
    public string Collection { get; set; } = string.Empty;

    /// <summary>Restore under another name (e.g. beside the damaged original, for forensics).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TargetCollection { get; set; }

    [Parameter]
    public Uri? GrpcUri { get; set; }

    [Parameter]
    public SecureString? ApiKey { get; set; }

    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 3;

    [Parameter]
    [Duration(DurationKind.Wait)]
    public TimeSpan ConvergeTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long connecting (TCP and TLS) to each Qdrant node, the gRPC endpoint and the Kubernetes API may take.</summary>
    [Parameter]
    [Duration(DurationKind.Connect)]
    public TimeSpan ConnectTimeout { get; set; } = NetworkDeadlines.DefaultConnect;

    /// <summary>How long each Qdrant node, the gRPC endpoint and the Kubernetes API may take to answer a request, or during a transfer to send or take the next bytes.</summary>
    [Parameter]
    [Duration(DurationKind.Request)]
    public TimeSpan RequestTimeout { get; set; } = NetworkDeadlines.DefaultRequest;

    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double MinimumRecall { get; set; } = 0.9;

    /// <summary>Certificates with private keys for an encrypted backup; the CurrentUser\My and LocalMachine\My stores are searched too.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Security.Cryptography.X509Certificates.X509Certificate2[]? DecryptionCertificate { get; set; }

    /// <summary>Certificates one of which must have signed the manifest; the store's own trusted signers (New-DrBackupStore -TrustedSigner) apply too.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Security.Cryptography.X509Certificates.X509Certificate2[]? TrustedSigner { get; set; }

    [Parameter]
    public SwitchParameter PreserveCurrentState { get; set; }

    [Parameter]
    public SwitchParameter ResetVolumes { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KubeConfig { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Context { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Namespace { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StatefulSet { get; set; }

    /// <summary>With -ResetVolumes: go ahead although the reset deletes collections this run does not restore.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private readonly List<QdrantBackup> _backups = [];

    // A volume reset concerns every collection of the cluster, so the engine must see the whole run: backups from
    // the pipeline are collected here and restored together at the end.
    protected override Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        _backups.AddRange(ParameterSetName == BackupSet ? [Backup] : []);
        return Task.CompletedTask;
    }

    protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        var log = new CmdletLog(EmitVerbose, EmitWarning);
        var deadlines = new NetworkDeadlines(ConnectTimeout, RequestTimeout);
        // The kubeconfig is read first: a missing or broken one must not wait for the check of the latest backup.
        var region = SelectedRegion();
        var kubeConfig = KubeConfig is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(KubeConfig);
        var target = EnvironmentParameters.Kubernetes(region, kubeConfig, Context, Namespace, StatefulSet);
        using var reset = ResetVolumes ? new Kubernetes.StatefulSetVolumeReset(Backends.Kubernetes(target, deadlines), log) : null;
        var store = ParameterSetName == LatestSet ? RegionStore(Store) : null;
        using var keys = new DecryptionKeyRing(DecryptionCertificate);
        var steps = new StepProgressWriter(1, EmitProgress);
        var progress = new TransferProgressWriter(2, EmitProgress, parentId: 1);
        using var cluster = Backends.Qdrant(EnvironmentParameters.Qdrant(region, QdrantUri, GrpcUri, ApiKey, deadlines));
        var engine = new QdrantRestoreEngine(cluster, store, log)
        {
            ThrottleLimit = ThrottleLimit, ConvergeTimeout = ConvergeTimeout, MinimumRecall = MinimumRecall, Steps = steps, Decryption = keys,
            VolumeReset = reset, ForceReset = Force.IsPresent, PreserveCurrentState = PreserveCurrentState.IsPresent, TrustedSigners = TrustedSigner ?? [],
        };
        var request = new QdrantRestoreRequest(_backups, ParameterSetName == LatestSet ? Collection : null, TargetCollection);
        try
        {
            await foreach (var outcome in engine.RunAsync(request, AskShouldProcess, progress, cancellationToken).ConfigureAwait(false))
            {
                EmitOutcome(outcome);
            }
        }
        finally
        {
            progress.Complete();
            steps.Complete();
        }
    }
}
