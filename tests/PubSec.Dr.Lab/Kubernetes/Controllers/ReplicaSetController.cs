using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// Keeps each ReplicaSet's pod count: a deleted pod disappears after the termination delay and a replacement
/// with a new random name appears at once, as when someone deletes an application pod in a real cluster.
/// </summary>
internal sealed class ReplicaSetController(KubeStore store, KubernetesOptions options)
{
    private readonly Dictionary<string, DateTime> _goneAt = new(StringComparer.Ordinal);

    public void Reconcile()
    {
        var now = DateTime.UtcNow;
        foreach (var replicaSet in store.List(ResourceTypes.ReplicaSets, null).Items)
        {
            var pods = store.List(ResourceTypes.Pods, replicaSet.Namespace()).Items
                .Where(p => (p.Metadata()["ownerReferences"] as JsonArray ?? []).Any(o => o?["uid"]?.GetValue<string>() == replicaSet.Uid()))
                .ToList();
            foreach (var pod in pods.Where(p => p.IsTerminating()))
            {
                if (!_goneAt.TryGetValue(pod.Uid(), out var goneAt))
                {
                    _goneAt[pod.Uid()] = goneAt = now + options.PodTerminationDelay;
                }

                if (now >= goneAt)
                {
                    store.Remove(ResourceTypes.Pods, pod.Namespace(), pod.Name());
                    _goneAt.Remove(pod.Uid());
                }
            }

            var wanted = replicaSet["spec"]?["replicas"].AsInt() ?? 1;
            for (var missing = wanted - pods.Count(p => !p.IsTerminating()); missing > 0; missing--)
            {
                store.Create(ResourceTypes.Pods, DeploymentPods.NewPod(replicaSet, (pods.Count + missing) % ClusterLayout.NodeCount));
            }
        }
    }
}
