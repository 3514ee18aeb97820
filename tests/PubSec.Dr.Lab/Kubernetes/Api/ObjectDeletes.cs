using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// DELETE of pods and PVCs. Both answer 200 with the object: a pod gets its deletionTimestamp (the kubelet
/// then stops it after a short delay), a PVC keeps its <c>kubernetes.io/pvc-protection</c> finalizer until no
/// pod uses it. <c>gracePeriodSeconds=0</c> removes a pod at once (a forced delete).
/// </summary>
internal sealed class ObjectDeletes(KubeStore store, Action changed)
{
    public JsonObject DeletePod(string ns, string name, DeleteOptions options)
    {
        var type = ResourceTypes.Pods;
        if (options.GracePeriodSeconds == 0)
        {
            var current = store.Get(type, ns, name) ?? throw KubeErrors.NotFound(type, name);
            options.CheckPreconditions(type, current);
            if (options.DryRun)
            {
                return current;
            }

            var removed = store.Remove(type, ns, name) ?? throw KubeErrors.NotFound(type, name);
            changed();
            return removed;
        }

        return Mark(type, ns, name, options, pod =>
        {
            var grace = options.GracePeriodSeconds ?? pod["spec"]?["terminationGracePeriodSeconds"].AsLong() ?? 30;
            PodPhases.MarkTerminating(pod, grace);
        });
    }

    public JsonObject DeleteClaim(string ns, string name, DeleteOptions options) =>
        Mark(ResourceTypes.PersistentVolumeClaims, ns, name, options, claim =>
        {
            claim.Metadata()["deletionTimestamp"] = KubeTime.Now();
            claim.Metadata()["deletionGracePeriodSeconds"] = 0;
        });

    private JsonObject Mark(ResourceType type, string ns, string name, DeleteOptions options, Action<JsonObject> mark)
    {
        StoreChange Change(JsonObject current)
        {
            options.CheckPreconditions(type, current);
            if (current.IsTerminating())
            {
                return StoreChange.None;
            }

            mark(current);
            return StoreChange.MetadataOrStatus;
        }

        if (options.DryRun)
        {
            var copy = store.Get(type, ns, name) ?? throw KubeErrors.NotFound(type, name);
            Change(copy);
            return copy;
        }

        var result = store.Update(type, ns, name, Change);
        changed();
        return result;
    }
}
