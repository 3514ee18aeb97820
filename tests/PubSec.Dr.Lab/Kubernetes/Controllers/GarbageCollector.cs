using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// Three cleanups a real control plane does in the background: the garbage collector removes ReplicaSets, pods
/// and claims whose owners (by <c>ownerReferences</c> uid) are gone (a deleted Deployment takes its ReplicaSets and
/// pods with it); the namespace controller empties a Terminating namespace and then removes it (after the pod
/// termination delay, so "Terminating" can be seen); claims being deleted outside the Qdrant namespace go with their
/// volume once no pod mounts them.
/// </summary>
internal sealed class GarbageCollector(KubeStore store, KubernetesOptions options)
{
    private static readonly ResourceType[] Owners = [ResourceTypes.Deployments, ResourceTypes.ReplicaSets, ResourceTypes.StatefulSets, ResourceTypes.DaemonSets, ResourceTypes.Jobs, ResourceTypes.CronJobs];
    private static readonly ResourceType[] Dependents = [ResourceTypes.ReplicaSets, ResourceTypes.Pods, ResourceTypes.Jobs];

    private readonly Dictionary<string, DateTime> _namespaceGoneAt = new(StringComparer.Ordinal);

    public void Reconcile()
    {
        CollectOrphans();
        FinishNamespaces();
        ReleaseClaims();
    }

    private void CollectOrphans()
    {
        var live = Owners.SelectMany(t => store.List(t, null).Items).Select(o => o.Uid()).ToHashSet(StringComparer.Ordinal);
        foreach (var type in Dependents)
        {
            foreach (var obj in store.List(type, null).Items)
            {
                var owners = (obj.Metadata()["ownerReferences"] as JsonArray ?? []).Select(o => o?["uid"]?.GetValue<string>()).ToList();
                if (owners.Count > 0 && !owners.Any(uid => uid is not null && live.Contains(uid)))
                {
                    store.Remove(type, obj.Namespace(), obj.Name());
                }
            }
        }
    }

    private void FinishNamespaces()
    {
        var now = DateTime.UtcNow;
        foreach (var ns in store.List(ResourceTypes.Namespaces, null).Items.Where(n => n.IsTerminating()))
        {
            var name = ns.Name();
            if (!_namespaceGoneAt.TryGetValue(ns.Uid(), out var goneAt))
            {
                _namespaceGoneAt[ns.Uid()] = goneAt = now + options.PodTerminationDelay;
            }

            foreach (var type in ResourceTypes.All.Where(t => t.Namespaced))
            {
                foreach (var obj in store.List(type, name).Items)
                {
                    store.Remove(type, name, obj.Name());
                    if (type == ResourceTypes.PersistentVolumeClaims && obj["spec"]?["volumeName"]?.GetValue<string>() is { } volume)
                    {
                        store.Remove(ResourceTypes.PersistentVolumes, null, volume);
                    }
                }
            }

            if (now >= goneAt)
            {
                store.Remove(ResourceTypes.Namespaces, null, name);
                _namespaceGoneAt.Remove(ns.Uid());
            }
        }
    }

    private void ReleaseClaims()
    {
        foreach (var claim in store.List(ResourceTypes.PersistentVolumeClaims, null).Items.Where(c => c.IsTerminating() && c.Namespace() != ClusterLayout.Namespace))
        {
            var mounted = store.List(ResourceTypes.Pods, claim.Namespace()).Items
                .SelectMany(p => p["spec"]?["volumes"] as JsonArray ?? [])
                .Any(v => v?["persistentVolumeClaim"]?["claimName"]?.GetValue<string>() == claim.Name());
            if (!mounted)
            {
                store.Remove(ResourceTypes.PersistentVolumeClaims, claim.Namespace(), claim.Name());
                if (claim["spec"]?["volumeName"]?.GetValue<string>() is { } volume)
                {
                    store.Remove(ResourceTypes.PersistentVolumes, null, volume);
                }
            }
        }
    }
}
