using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Environments;
using PubSec.Dr.Kubernetes.Config;
using PubSec.Dr.Network;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.KubernetesConfig;

/// <summary>
/// <para type="synopsis">Backs up the Kubernetes configuration of a namespace (plan 1.3) into a backup store, Secrets encrypted.</para>
/// </summary>
[Cmdlet(VerbsData.Backup, "DrKubernetesConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ExplicitSet)]
[OutputType(typeof(KubernetesConfigBackup))]
public sealed class BackupDrKubernetesConfigCommand : AsyncPSCmdlet
{
    private const string ExplicitSet = "Explicit";
    private const string EnvironmentSet = "Environment";

    [Parameter(Mandatory = true, ParameterSetName = EnvironmentSet)]
    [ValidateNotNull]
    public DrEnvironment Environment { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = EnvironmentSet)]
    [ValidateNotNullOrEmpty]
    public string Region { get; set; } = string.Empty;

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

    [Parameter(Mandatory = true, ParameterSetName = ExplicitSet)]
    [Parameter(ParameterSetName = EnvironmentSet)]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore Store { get; set; } = null!;

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
        var region = ParameterSetName == EnvironmentSet ? Environment.Region(Region) : null;
        var settings = region?.Require(r => r.Kubernetes, "kubernetes");
        var store = MyInvocation.BoundParameters.ContainsKey(nameof(Store)) ? Store : region!.Require(r => r.Store, "store").Open();
        var kubeConfig = KubeConfig is null ? settings?.KubeConfig : SessionState.Path.GetUnresolvedProviderPathFromPSPath(KubeConfig);
        var target = new KubernetesNamespaceTarget(kubeConfig, Context ?? settings?.Context,
            Namespace ?? settings?.Namespace ?? DrKubernetesSettings.DefaultNamespace);
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
