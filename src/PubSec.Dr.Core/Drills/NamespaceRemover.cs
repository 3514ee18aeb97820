using PubSec.Dr.Backends;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes.Config;

namespace PubSec.Dr.Drills;

/// <summary>Deletes a rebuild drill's namespace (and so everything applied into it) in its region; refuses any name a drill does not own.</summary>
public sealed class NamespaceRemover(IBackendFactory backends) : IDrillResourceRemover
{
    public const string ResourceKind = "Namespace";

    public string Kind => ResourceKind;

    public async Task RemoveAsync(DrEnvironment environment, DrillResource resource, CancellationToken ct)
    {
        // A ledger is read from a store anyone with write access may edit: never delete a namespace a drill could not have made.
        if (!resource.Name.StartsWith(DrillNames.ScratchPrefix, StringComparison.Ordinal))
        {
            throw new DrException(ErrorIds.DrillRecordInvalid, DrErrorCategory.SecurityError,
                $"The drill ledger names the namespace '{resource.Name}', which is not a drill namespace ({DrillNames.ScratchPrefix}*); it is not deleted.",
                "Look at the ledger under drills/<environment>/running/ in the store and delete it by hand.", resource);
        }

        var settings = environment.Region(resource.Region).Require(r => r.Kubernetes, "kubernetes");
        using var objects = backends.KubernetesObjects(new KubernetesNamespaceTarget(settings.KubeConfig, settings.Context, resource.Name), null);
        await objects.DeleteNamespaceAsync(ct).ConfigureAwait(false);
    }
}
