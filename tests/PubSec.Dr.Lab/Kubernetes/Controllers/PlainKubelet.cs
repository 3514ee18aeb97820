using System.Globalization;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The kubelet for pods with no Qdrant node behind them (Deployments' pods, StatefulSets other than the lab's
/// <c>qdrant</c>): a Pending pod runs and turns Ready after <see cref="KubernetesOptions.PodStartupDelay"/>; a
/// Terminating one disappears after <see cref="KubernetesOptions.PodTerminationDelay"/> (at once with grace 0).
/// </summary>
internal sealed class PlainKubelet(KubeStore store, KubernetesOptions options)
{
    private readonly Dictionary<string, DateTime> _startAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _goneAt = new(StringComparer.Ordinal);

    /// <summary>Advances each pod one step when its time has come; returns true when any pod changed.</summary>
    public bool Run(IEnumerable<JsonObject> pods)
    {
        var now = DateTime.UtcNow;
        var changed = false;
        foreach (var pod in pods)
        {
            var uid = pod.Uid();
            if (pod.IsTerminating())
            {
                if (!_goneAt.TryGetValue(uid, out var goneAt))
                {
                    var immediate = pod.Metadata()["deletionGracePeriodSeconds"].AsLong() == 0;
                    _goneAt[uid] = goneAt = now + (immediate ? TimeSpan.Zero : options.PodTerminationDelay);
                }

                if (now >= goneAt)
                {
                    store.Remove(ResourceTypes.Pods, pod.Namespace(), pod.Name());
                    _goneAt.Remove(uid);
                    _startAt.Remove(uid);
                    changed = true;
                }

                continue;
            }

            if (PodPhases.Phase(pod) != "Pending")
            {
                continue;
            }

            if (!_startAt.TryGetValue(uid, out var startAt))
            {
                _startAt[uid] = startAt = now + options.PodStartupDelay;
            }

            if (now < startAt)
            {
                continue;
            }

            _startAt.Remove(uid);
            var podIp = ClusterLayout.PodIp(NodeIndex(pod));
            store.TryUpdate(ResourceTypes.Pods, pod.Namespace(), pod.Name(), p =>
            {
                if (p.Uid() != uid || PodPhases.Phase(p) != "Pending")
                {
                    return StoreChange.None;
                }

                PodPhases.Started(p, podIp);
                PodPhases.SetReady(p, true);
                return StoreChange.MetadataOrStatus;
            });
            changed = true;
        }

        return changed;
    }

    private static int NodeIndex(JsonObject pod)
    {
        var node = pod["spec"]?["nodeName"]?.GetValue<string>() ?? "";
        return int.TryParse(node.AsSpan(node.LastIndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i % ClusterLayout.NodeCount : 0;
    }
}
