using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Kubernetes.Config;
using PubSec.Dr.Network;

namespace PubSec.Dr.Commands.KubernetesConfig;

/// <summary>
/// <para type="synopsis">Applies a Kubernetes configuration backup to a namespace: creates what is missing, replaces what differs, leaves what matches.</para>
/// </summary>
[Cmdlet(VerbsData.Restore, "DrKubernetesConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(KubernetesConfigRestoreResult))]
public sealed class RestoreDrKubernetesConfigCommand : RegionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public KubernetesConfigBackup Backup { get; set; } = null!;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KubeConfig { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Context { get; set; }

    /// <summary>Where to apply it: this namespace, else the region's (with -Environment), else the backup's own.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Namespace { get; set; }

    /// <summary>Certificates with private keys for the encrypted Secrets; the CurrentUser\My and LocalMachine\My stores are searched too.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public X509Certificate2[]? DecryptionCertificate { get; set; }

    /// <summary>Certificates one of which must have signed the manifest; the store's own trusted signers (New-DrBackupStore -TrustedSigner) apply too.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public X509Certificate2[]? TrustedSigner { get; set; }

    [Parameter]
    [Duration(DurationKind.Connect)]
    public TimeSpan ConnectTimeout { get; set; } = NetworkDeadlines.DefaultConnect;

    [Parameter]
    [Duration(DurationKind.Request)]
    public TimeSpan RequestTimeout { get; set; } = NetworkDeadlines.DefaultRequest;

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var settings = SelectedRegion()?.Require(r => r.Kubernetes, "kubernetes");
        var kubeConfig = KubeConfig is null ? settings?.KubeConfig : SessionState.Path.GetUnresolvedProviderPathFromPSPath(KubeConfig);
        using var keys = new DecryptionKeyRing(DecryptionCertificate);
        var request = new KubernetesConfigRestoreRequest
        {
            Backup = Backup,
            Target = new KubernetesNamespaceTarget(kubeConfig, Context ?? settings?.Context, Namespace ?? settings?.Namespace ?? Backup.Namespace),
            Keys = keys,
            TrustedSigners = TrustedSigner ?? [],
            Preview = IsWhatIf(),
        };
        var engine = new KubernetesConfigRestoreEngine(Backends, new CmdletLog(EmitVerbose, EmitWarning))
        {
            Deadlines = new NetworkDeadlines(ConnectTimeout, RequestTimeout),
        };
        await foreach (var (result, failure) in engine.RestoreAsync(request, AskShouldProcess, cancellationToken).ConfigureAwait(false))
        {
            EmitResult(result, failure);
        }
    }

    private bool IsWhatIf() =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)
            ? value is SwitchParameter { IsPresent: true } || value is true
            : SessionState.PSVariable.GetValue("WhatIfPreference") is SwitchParameter { IsPresent: true } or true;
}
