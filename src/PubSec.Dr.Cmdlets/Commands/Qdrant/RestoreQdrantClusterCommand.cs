using System.Management.Automation;
using System.Security;
using PubSec.Dr.Catalog;
using PubSec.Dr.Commands.Completers;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Storage;
using PubSec.Dr.Encryption;
using PubSec.Dr.Errors;
using PubSec.Dr.Integrity;
using PubSec.Dr.Network;
using PubSec.Dr.Qdrant;
using PubSec.Dr.Restore;

namespace PubSec.Dr.Commands.Qdrant;

/// <summary>
/// <para type="synopsis">Restores a Qdrant collection on every node of a cluster from a backup, and proves the result.</para>
/// </summary>
[Cmdlet(VerbsData.Restore, "QdrantCluster", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = BackupSet)]
[OutputType(typeof(RestoreResult))]
public sealed class RestoreQdrantClusterCommand : AsyncPSCmdlet
{
    private const string BackupSet = "Backup";
    private const string LatestSet = "Latest";

    [Parameter(Mandatory = true, ParameterSetName = BackupSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public QdrantBackup Backup { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public Uri[] QdrantUri { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LatestSet)]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore Store { get; set; } = null!;

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
    public string Namespace { get; set; } = "pubsec-info-assistant";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string StatefulSet { get; set; } = "qdrant";

    /// <summary>With -ResetVolumes: go ahead although the reset deletes collections this run does not restore.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private readonly List<QdrantBackup> _backups = [];

    // A volume reset concerns every collection of the cluster, so the engine must see the whole run: backups from
    // the pipeline are collected here and restored together at the end.
    protected override Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        if (ParameterSetName == BackupSet)
        {
            _backups.Add(Backup);
        }

        return Task.CompletedTask;
    }

    protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        var log = new CmdletLog(EmitVerbose, EmitWarning);
        var deadlines = new NetworkDeadlines(ConnectTimeout, RequestTimeout);
        // The kubeconfig is read first: a missing or broken one must not wait for the check of the latest backup.
        var kubeConfig = KubeConfig is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(KubeConfig);
        using var reset = ResetVolumes ? new Kubernetes.StatefulSetVolumeReset(Backends.Kubernetes(new Kubernetes.KubernetesTarget(kubeConfig, Context, Namespace, StatefulSet), deadlines), log) : null;
        using var keys = new DecryptionKeyRing(DecryptionCertificate);
        if (ParameterSetName == LatestSet && await LatestGoodBackupAsync(log, keys, cancellationToken).ConfigureAwait(false) is { } latest)
        {
            _backups.Add(latest);
        }

        var steps = new StepProgressWriter(1, EmitProgress);
        var progress = new TransferProgressWriter(2, EmitProgress, parentId: 1);
        using var engine = new QdrantRestoreEngine(new QdrantConnection(QdrantUri, GrpcUri, SecretText.Reveal(ApiKey), deadlines), ParameterSetName == LatestSet ? Store : null, log)
        {
            ThrottleLimit = ThrottleLimit,
            ConvergeTimeout = ConvergeTimeout,
            MinimumRecall = MinimumRecall,
            Steps = steps,
            VolumeReset = reset,
            ForceReset = Force.IsPresent,
            Decryption = keys,
            TrustedSigners = TrustedSigner ?? [],
            PreserveCurrentState = PreserveCurrentState.IsPresent,
            // The Latest set picked this backup by a Full check just now; reading 50 GB twice helps nobody.
            IntegrityAlreadyVerified = ParameterSetName == LatestSet,
        };

        try
        {
            var plans = new List<QdrantRestorePlan>();
            foreach (var backup in _backups)
            {
                try
                {
                    plans.Add(await engine.PlanAsync(backup, TargetCollection, cancellationToken).ConfigureAwait(false));
                }
                catch (DrException ex)
                {
                    EmitError(DrErrorRecord.From(ex, backup));
                }
            }

            if (plans.Count == 0)
            {
                return;
            }

            var resetText = (await engine.PlanResetAsync(plans, cancellationToken).ConfigureAwait(false)) is { } resetPlan ? "; " + resetPlan.Describe() : string.Empty;
            string PreserveText(QdrantRestorePlan plan) => PreserveCurrentState
                ? $"; first back up the current state of '{plan.Collection}' into {(Store ?? plan.Backup.Store)?.Location}, tagged forensic" : string.Empty;
            var approved = plans.Where(plan => AskShouldProcess(plan.Collection, plan.Describe() + PreserveText(plan) + resetText)).ToList();
            if (approved.Count > 0)
            {
                await foreach (var (result, failure) in engine.RestoreAsync(approved, progress, cancellationToken).ConfigureAwait(false))
                {
                    EmitResult(result, failure);
                }
            }
        }
        finally
        {
            progress.Complete();
            steps.Complete();
        }
    }

    /// <summary>The newest Succeeded backup of -Collection that passes Full integrity; older ones are tried in turn.</summary>
    private async Task<QdrantBackup?> LatestGoodBackupAsync(CmdletLog log, DecryptionKeyRing keys, CancellationToken cancellationToken)
    {
        var store = Store;
        var candidates = (await new BackupCatalog(store).ListAsync(new BackupQuery(Collections: [Collection]), cancellationToken).ConfigureAwait(false))
            .OfType<QdrantBackup>().Where(b => b.IsRestorable);
        var checker = new IntegrityChecker(store, log) { Decryption = keys, TrustedSigners = TrustedSigner ?? [] };
        foreach (var candidate in candidates)
        {
            // A missing key is the operator's to fix, not a reason to fall back silently to an older backup.
            keys.EnsureAvailable(candidate);
            var report = await checker.CheckAsync(candidate, IntegrityLevel.Full, null, cancellationToken).ConfigureAwait(false);
            if (report.Verdict == IntegrityVerdict.Passed)
            {
                return candidate;
            }

            EmitWarning($"Skipping backup {candidate.Id}: it fails Full integrity ({string.Join("; ", report.Checks.Where(c => !c.Passed).Select(c => c.Name + " " + c.Target))}).");
        }

        EmitError(DrErrorRecord.Create(ErrorIds.BackupNotFound, ErrorCategory.ObjectNotFound,
            $"No Succeeded backup of '{Collection}' in {store.Location} passes Full integrity.",
            "List what exists with Get-DrBackup -Store <store> -Collection <name> | Test-BackupIntegrity, or restore from another store (a second-region copy).",
            Collection));
        return null;
    }
}
