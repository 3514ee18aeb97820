using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The StatefulSet controller for every set except the lab's own <c>qdrant</c> (which drives the Qdrant nodes, see
/// <see cref="StatefulSetController"/>): pods <c>{set}-{i}</c> with their claims (Bound at once) per
/// <c>podManagementPolicy</c>, run and made Ready by <see cref="PlainKubelet"/>, surplus ordinals deleted, status
/// following the pods — so a set restored into another namespace or cluster reaches <c>readyReplicas</c>.
/// </summary>
internal sealed class PlainStatefulSetController(KubeStore store, PlainKubelet kubelet)
{
    public void Reconcile()
    {
        foreach (var set in store.List(ResourceTypes.StatefulSets, null).Items)
        {
            if (IsQdrant(set) || set["spec"]?["template"] is not JsonObject)
            {
                continue;
            }

            var pods = Owned(set);
            if (kubelet.Run(pods.Values))
            {
                pods = Owned(set);
            }

            var replicas = StatefulSetSpec.Replicas(set);
            var parallel = set["spec"]?["podManagementPolicy"]?.GetValue<string>() == PodManagementPolicies.Parallel;
            for (var i = 0; i < replicas; i++)
            {
                if (!pods.TryGetValue(i, out var pod))
                {
                    CreatePod(set, i);
                    if (!parallel)
                    {
                        break;
                    }
                }
                else if (!parallel && (pod.IsTerminating() || !PodPhases.IsReady(pod)))
                {
                    break;
                }
            }

            foreach (var (_, pod) in pods.Where(p => p.Key >= replicas && !p.Value.IsTerminating()).OrderByDescending(p => p.Key).Take(parallel ? int.MaxValue : 1))
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

            UpdateStatus(set);
        }
    }

    public static bool IsQdrant(JsonObject set) => set.Namespace() == ClusterLayout.Namespace && set.Name() == ClusterLayout.StatefulSet;

    private void CreatePod(JsonObject set, int ordinal)
    {
        if (set["spec"]?["selector"]?["matchLabels"] is JsonObject)
        {
            foreach (var template in StatefulSetPods.ClaimTemplates(set))
            {
                if (store.Get(ResourceTypes.PersistentVolumeClaims, set.Namespace(), StatefulSetPods.ClaimName(template, set, ordinal)) is null)
                {
                    var claim = store.Create(ResourceTypes.PersistentVolumeClaims, StatefulSetPods.NewClaim(set, template, ordinal, Guid.NewGuid().ToString()));
                    store.Create(ResourceTypes.PersistentVolumes, StatefulSetPods.NewVolume(claim));
                }
            }
        }

        store.Create(ResourceTypes.Pods, StatefulSetPods.NewPod(set, ordinal));
    }

    private SortedDictionary<int, JsonObject> Owned(JsonObject set)
    {
        var owned = new SortedDictionary<int, JsonObject>();
        foreach (var pod in store.List(ResourceTypes.Pods, set.Namespace()).Items)
        {
            if (StatefulSetPods.OwnedOrdinal(set, pod) is { } ordinal)
            {
                owned[ordinal] = pod;
            }
        }

        return owned;
    }

    private void UpdateStatus(JsonObject set) => StatefulSetStatus.Update(store, set, Owned(set).Values);
}
