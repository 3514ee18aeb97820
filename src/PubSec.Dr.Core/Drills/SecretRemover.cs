using PubSec.Dr.Backends;
using PubSec.Dr.Environments;
using PubSec.Dr.Kubernetes.Config;

namespace PubSec.Dr.Drills;

/// <summary>Deletes a drill's copy of a Secret from its region's namespace; refuses any name a drill does not own.</summary>
public sealed class SecretRemover(IBackendFactory backends) : IDrillResourceRemover
{
    public const string ResourceKind = "Secret";

    public string Kind => ResourceKind;

    public async Task RemoveAsync(DrEnvironment environment, DrillResource resource, CancellationToken ct)
    {
        DrillOwnership.Require(resource, "Secret");

        var settings = environment.Region(resource.Region).Require(r => r.Kubernetes, "kubernetes");
        using var objects = backends.KubernetesObjects(new KubernetesNamespaceTarget(settings.KubeConfig, settings.Context, settings.Namespace), null);
        await objects.DeleteAsync(ConfigResourceTypes.Secrets, resource.Name, ct).ConfigureAwait(false);
    }
}
