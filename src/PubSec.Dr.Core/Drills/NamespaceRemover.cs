using PubSec.Dr.Backends;
using PubSec.Dr.Environments;
using PubSec.Dr.Kubernetes.Config;

namespace PubSec.Dr.Drills;

/// <summary>Deletes a rebuild drill's namespace (and so everything applied into it) in its region; refuses any name a drill does not own.</summary>
public sealed class NamespaceRemover(IBackendFactory backends) : IDrillResourceRemover
{
    public const string ResourceKind = "Namespace";

    public string Kind => ResourceKind;

    public async Task RemoveAsync(DrEnvironment environment, DrillResource resource, CancellationToken ct)
    {
        DrillOwnership.Require(resource, "namespace");

        var settings = environment.Region(resource.Region).Require(r => r.Kubernetes, "kubernetes");
        using var objects = backends.KubernetesObjects(new KubernetesNamespaceTarget(settings.KubeConfig, settings.Context, resource.Name), null);
        await objects.DeleteNamespaceAsync(ct).ConfigureAwait(false);
    }
}
