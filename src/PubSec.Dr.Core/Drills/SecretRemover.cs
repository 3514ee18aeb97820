using PubSec.Dr.Backends;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes.Config;

namespace PubSec.Dr.Drills;

/// <summary>Deletes a drill's copy of a Secret from its region's namespace; refuses any name a drill does not own.</summary>
public sealed class SecretRemover(IBackendFactory backends) : IDrillResourceRemover
{
    public const string ResourceKind = "Secret";

    public string Kind => ResourceKind;

    public async Task RemoveAsync(DrEnvironment environment, DrillResource resource, CancellationToken ct)
    {
        // The copy lives in the production namespace beside the real Secrets, and a ledger is read from a store anyone
        // with write access may edit: never delete a Secret a drill could not have made.
        if (!resource.Name.StartsWith(DrillNames.ScratchPrefix, StringComparison.Ordinal))
        {
            throw new DrException(ErrorIds.DrillRecordInvalid, DrErrorCategory.SecurityError,
                $"The drill ledger names the Secret '{resource.Name}', which is not a drill copy ({DrillNames.ScratchPrefix}*); it is not deleted.",
                "Look at the ledger under drills/<environment>/running/ in the store and delete it by hand.", resource);
        }

        var settings = environment.Region(resource.Region).Require(r => r.Kubernetes, "kubernetes");
        using var objects = backends.KubernetesObjects(new KubernetesNamespaceTarget(settings.KubeConfig, settings.Context, settings.Namespace), null);
        await objects.DeleteAsync(ConfigResourceTypes.Secrets, resource.Name, ct).ConfigureAwait(false);
    }
}
