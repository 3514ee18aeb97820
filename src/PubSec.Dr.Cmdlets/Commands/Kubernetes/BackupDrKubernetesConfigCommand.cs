using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Kubernetes.Config;
using PubSec.Dr.Network;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.KubernetesConfig;

/// <summary>
/// <para type="synopsis">Backs up the Kubernetes configuration of a namespace (plan 1.3) into a backup store, Secrets encrypted.</para>
/// </summary>
[Cmdlet(VerbsData.Backup, "DrKubernetesConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(KubernetesConfigBackup))]
public sealed class BackupDrKubernetesConfigCommand : RegionCmdlet
{
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KubeConfig { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Context { get; set; }

    /// <summary>The namespace to back up; with -Environment the region's, else pubsec-info-assistant.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Namespace { get; set; }

    /// <summary>Where the backup goes (default: the -Region's store).</summary>
    [Parameter]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore? Store { get; set; }

    /// <summary>Recipient certificates (public keys suffice) of the encrypted Secrets part; required unless -ExcludeSecrets.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public X509Certificate2[]? EncryptionCertificate { get; set; }

    [Parameter]
    public SwitchParameter ExcludeSecrets { get; set; }

    /// <summary>A certificate with its private key: the manifest is signed (manifest.json.p7s).</summary>
    [Parameter]
    [ValidateNotNull]
    public X509Certificate2? SigningCertificate { get; set; }

    [Parameter]
    [Duration(DurationKind.Connect)]
    public TimeSpan ConnectTimeout { get; set; } = NetworkDeadlines.DefaultConnect;

    [Parameter]
    [Duration(DurationKind.Request)]
    public TimeSpan RequestTimeout { get; set; } = NetworkDeadlines.DefaultRequest;

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        // The region's settings are defaults: an explicit parameter always wins.
        var region = SelectedRegion();
        var store = RegionStore(Store);
        var kubeConfig = KubeConfig is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(KubeConfig);
        var namespaceTarget = EnvironmentParameters.Kubernetes(region, kubeConfig, Context, Namespace, null);
        var target = new KubernetesNamespaceTarget(namespaceTarget.KubeConfig, namespaceTarget.Context, namespaceTarget.Namespace);
        var request = new KubernetesConfigBackupRequest
        {
            Target = target,
            EncryptionCertificates = EncryptionCertificate ?? [],
            ExcludeSecrets = ExcludeSecrets.IsPresent,
            SigningCertificate = SigningCertificate,
        };
        var engine = new KubernetesConfigBackupEngine(Backends, store, new CmdletLog(EmitVerbose, EmitWarning))
        {
            Deadlines = new NetworkDeadlines(ConnectTimeout, RequestTimeout),
        };
        if (await engine.BackupAsync(request, AskShouldProcess, cancellationToken).ConfigureAwait(false) is { } backup)
        {
            backup.Store = store;
            Emit(backup);
        }
    }
}
