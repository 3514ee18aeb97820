using PubSec.Dr.Lab.Kubernetes;

namespace PubSec.Dr.Lab.Application;

/// <summary>
/// Whether the emulated cluster would route traffic to the application: the Deployment <c>api</c> in the application
/// namespace exists and has a ready replica. The smaller of <c>spec.replicas</c> and <c>status.readyReplicas</c>
/// counts, so a scale to 0 closes the stub at once even before the status catches up.
/// </summary>
internal static class ApiDeployment
{
    public const string Name = "api";

    public static bool HasReadyReplica(KubeStore? store)
    {
        if (store is null)
        {
            return true;
        }

        var deployment = store.Get(ResourceTypes.Deployments, ClusterLayout.Namespace, Name);
        if (deployment is null || deployment.IsTerminating())
        {
            return false;
        }

        var wanted = deployment["spec"]?["replicas"].AsInt() ?? 1;
        var ready = deployment["status"]?["readyReplicas"].AsInt() ?? 0;
        return Math.Min(wanted, ready) > 0;
    }
}
