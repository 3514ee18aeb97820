using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The pvc-protection controller and the volumes' Delete reclaim policy: a claim being deleted stays while any pod
/// (even a Terminating one) mounts it; once none does, the Qdrant node behind a <c>qdrant-storage</c> claim has its
/// storage wiped, then the claim and its volume disappear — data first, so whoever sees the claim gone can rely on
/// the storage being gone.
/// </summary>
internal sealed class ClaimProtection(KubeStore store, IQdrantNodes nodes)
{
    public async Task ReleaseAsync(JsonObject set)
    {
        var ns = set.Namespace();
        var deleting = store.List(ResourceTypes.PersistentVolumeClaims, ns).Items.Where(c => c.IsTerminating()).ToList();
        if (deleting.Count == 0)
        {
            return;
        }

        var mounted = store.List(ResourceTypes.Pods, ns).Items
            .SelectMany(p => p["spec"]?["volumes"] as JsonArray ?? [])
            .Select(v => v?["persistentVolumeClaim"]?["claimName"]?.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);
        foreach (var claim in deleting.Where(c => !mounted.Contains(c.Name())))
        {
            var node = Enumerable.Range(0, nodes.Count)
                .Cast<int?>()
                .FirstOrDefault(i => StatefulSetPods.ClaimName(ClusterLayout.StorageClaimTemplate, set, i!.Value) == claim.Name());
            if (node is { } index)
            {
                if (nodes.IsRunning(index))
                {
                    // Its pod is gone but the node still runs (stopped on the controller's next pass): release then.
                    continue;
                }

                await nodes.WipeAsync(index).ConfigureAwait(false);
                nodes.ForgetClusterStateIfNoStorageSurvives();
            }

            store.Remove(ResourceTypes.PersistentVolumeClaims, ns, claim.Name());
            store.Remove(ResourceTypes.PersistentVolumes, null, StatefulSetPods.VolumeName(claim.Uid()));
        }
    }
}
