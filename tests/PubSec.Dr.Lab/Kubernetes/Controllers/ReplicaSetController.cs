using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// Keeps each ReplicaSet's pod count, in every namespace: missing pods are created Pending with a new random name
/// and run after the startup delay (<see cref="PlainKubelet"/>), surplus ones are deleted (Terminating, then gone),
/// and <c>status</c> follows the pods — as when someone deletes or scales application pods in a real cluster.
/// </summary>
internal sealed class ReplicaSetController(KubeStore store, PlainKubelet kubelet)
{
    public void Reconcile()
    {
        foreach (var replicaSet in store.List(ResourceTypes.ReplicaSets, null).Items)
        {
            var pods = Owned(replicaSet);
            if (kubelet.Run(pods))
            {
                pods = Owned(replicaSet);
            }

            var wanted = replicaSet["spec"]?["replicas"].AsInt() ?? 1;
            var live = pods.Where(p => !p.IsTerminating()).ToList();
            for (var missing = wanted - live.Count; missing > 0; missing--)
            {
                store.Create(ResourceTypes.Pods, DeploymentPods.NewPod(replicaSet, (pods.Count + missing) % ClusterLayout.NodeCount));
            }

            // Surplus: the not-ready and the newest go first, as the ReplicaSet controller ranks them.
            foreach (var pod in live.OrderBy(PodPhases.IsReady).ThenByDescending(p => p.StringAt("metadata.creationTimestamp"), StringComparer.Ordinal).Take(Math.Max(0, live.Count - wanted)))
            {
                store.TryUpdate(ResourceTypes.Pods, pod.Namespace(), pod.Name(), p =>
                {
                    if (p.IsTerminating())
                    {
                        return StoreChange.None;
                    }

                    PodPhases.MarkTerminating(p, p["spec"]?["terminationGracePeriodSeconds"].AsLong() ?? 30);
                    return StoreChange.MetadataOrStatus;
                });
            }

            UpdateStatus(replicaSet);
        }
    }

    public List<JsonObject> Owned(JsonObject owner) =>
        store.List(ResourceTypes.Pods, owner.Namespace()).Items.Where(p => IsOwnedBy(p, owner)).ToList();

    public static bool IsOwnedBy(JsonObject obj, JsonObject owner) =>
        (obj.Metadata()["ownerReferences"] as JsonArray ?? []).Any(o => o?["uid"]?.GetValue<string>() == owner.Uid());

    private void UpdateStatus(JsonObject replicaSet)
    {
        var pods = Owned(replicaSet).Where(p => !p.IsTerminating()).ToList();
        var ready = pods.Count(PodPhases.IsReady);
        store.TryUpdate(ResourceTypes.ReplicaSets, replicaSet.Namespace(), replicaSet.Name(), rs =>
        {
            var status = new JsonObject
            {
                ["replicas"] = pods.Count,
                ["fullyLabeledReplicas"] = pods.Count,
                ["readyReplicas"] = ready,
                ["availableReplicas"] = ready,
                ["observedGeneration"] = rs.Generation(),
            };
            if (JsonNode.DeepEquals(rs["status"], status))
            {
                return StoreChange.None;
            }

            rs["status"] = status;
            return StoreChange.MetadataOrStatus;
        });
    }
}
