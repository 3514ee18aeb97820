using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes;

namespace PubSec.Dr.Qdrant.Restore;

/// <summary>
/// What -ResetVolumes will do, worked out with read-only calls: the claims it deletes and, because those volumes
/// hold every collection of the cluster, the collections it deletes without this run restoring them.
/// </summary>
public sealed record VolumeResetPlan(KubernetesTarget Target, int Replicas, IReadOnlyList<string> Claims, IReadOnlyList<string> CollectionsLost, bool Forced)
{
    /// <summary>The part of the -WhatIf and confirmation text that describes the reset.</summary>
    public string Describe()
    {
        var text = $"first scale {Target.Namespace}/{Target.StatefulSet} from {Replicas} to 0, delete {string.Join(", ", Claims)}, scale back to {Replicas}";
        return CollectionsLost.Count == 0
            ? text + "; every collection on the cluster is restored in this run"
            : text + $"; the reset also deletes {Count(CollectionsLost.Count)} this run does not restore: {Names(CollectionsLost)}"
                + (Forced ? " (-Force)" : " (refused without -Force)");
    }

    /// <summary>The refusal of a reset that would delete <paramref name="lost"/>; its target is the list of their names.</summary>
    public static DrException Refusal(KubernetesTarget target, IReadOnlyList<string> lost) => new(
        ErrorIds.RestoreResetWouldDeleteCollections, DrErrorCategory.InvalidArgument,
        $"Resetting the volumes of {target.Namespace}/{target.StatefulSet} deletes every collection on the cluster, and this run does not restore "
            + $"{Count(lost.Count)}: {Names(lost)}. Nothing was changed.",
        "Restore every collection in one run (pipe the backups of all of them into one Restore-QdrantCluster -ResetVolumes), "
            + "or add -Force if losing the collections named is intended.",
        lost.ToArray());

    private static string Count(int count) => count == 1 ? "1 collection" : $"{count} collections";

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
