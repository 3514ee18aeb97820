using PubSec.Dr.Backends;
using PubSec.Dr.Environments;
using PubSec.Dr.Kubernetes.Config;

namespace PubSec.Dr.Drills;

/// <summary>Deletes a rebuild drill's namespace (and so everything applied into it) in its region and waits until it is gone; refuses any name a drill does not own.</summary>
public sealed class NamespaceRemover(IBackendFactory backends) : IDrillResourceRemover
{
    public const string ResourceKind = "Namespace";

    public string Kind => ResourceKind;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public async Task RemoveAsync(DrEnvironment environment, DrillResource resource, CancellationToken ct)
    {
        DrillOwnership.Require(resource, "namespace");

        var settings = environment.Region(resource.Region).Require(r => r.Kubernetes, "kubernetes");
        using var objects = backends.KubernetesObjects(new KubernetesNamespaceTarget(settings.KubeConfig, settings.Context, resource.Name), null);
        await objects.DeleteNamespaceAsync(ct).ConfigureAwait(false);
        // Kubernetes deletes a namespace's content first and the namespace last: removed means gone, not Terminating,
        // so a drill reports the lab as it found it only once it is. The cleanup's own deadline bounds the wait.
        while (await objects.NamespaceExistsAsync(ct).ConfigureAwait(false))
        {
            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
    }
}
