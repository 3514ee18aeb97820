using System.Management.Automation;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes.Config;
using PubSec.Dr.Kubernetes.Secrets;
using PubSec.Dr.Network;

namespace PubSec.Dr.Commands.Secrets;

/// <summary>
/// <para type="synopsis">Rotates a Kubernetes Secret: gives its keys new random values in one replace, without ever showing them.</para>
/// </summary>
[Cmdlet(VerbsData.Update, "DrSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(SecretRotation))]
public sealed class UpdateDrSecretCommand : RegionCmdlet
{
    /// <summary>The Secret; with -Environment the region's application.apiKeySecret when not given.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>The keys of its data to rotate; every key when not given.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Key { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KubeConfig { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Context { get; set; }

    /// <summary>The Secret's namespace; with -Environment the region's, else pubsec-info-assistant.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Namespace { get; set; }

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
        var name = Name ?? region?.Application?.ApiKeySecret ?? throw new DrException(ErrorIds.ParameterRequired, DrErrorCategory.InvalidArgument,
            "-Name is required unless -Environment names the application's API-key Secret (regions.<region>.application.apiKeySecret).",
            "Give -Name, or -Environment and -Region of an environment file with application.apiKeySecret.", "-Name");
        var kubeConfig = KubeConfig is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(KubeConfig);
        var target = EnvironmentParameters.Kubernetes(region, kubeConfig, Context, Namespace, null);
        var request = new SecretRotationRequest(new KubernetesNamespaceTarget(target.KubeConfig, target.Context, target.Namespace), name, Key);
        var engine = new SecretRotationEngine(Backends) { Deadlines = new NetworkDeadlines(ConnectTimeout, RequestTimeout) };
        try
        {
            if (await engine.RotateAsync(request, AskShouldProcess, cancellationToken).ConfigureAwait(false) is { } outcome)
            {
                // Only the rotation: the new values stay in the cluster, for whoever may read the Secret.
                Emit(outcome.Rotation);
            }
        }
        catch (DrException ex) when (ex.ErrorId is ErrorIds.SecretNotFound or ErrorIds.SecretKeyNotFound or ErrorIds.SecretHasNoKeys or ErrorIds.KubernetesRequestFailed)
        {
            // One Secret failing must not stop the rotation of the others piped in (a breach rotates them all).
            EmitError(DrErrorRecord.From(ex, name));
        }
    }
}
