using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// What the node lifecycle controller writes when a kubelet stops posting status (the admin API's
/// <c>notready</c>): every condition <c>Unknown</c> with reason <c>NodeStatusUnknown</c> and the
/// <c>node.kubernetes.io/unreachable</c> taints (NoSchedule, and NoExecute with its time); and what the kubelet's
/// return (<c>ready</c>) restores: the healthy conditions and no unreachable taints.
/// </summary>
internal static class NodeConditions
{
    private const string UnreachableTaint = "node.kubernetes.io/unreachable";

    private static readonly Dictionary<string, (string Status, string Reason, string Message)> Healthy = new(StringComparer.Ordinal)
    {
        ["MemoryPressure"] = ("False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ["DiskPressure"] = ("False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ["PIDPressure"] = ("False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        ["Ready"] = ("True", "KubeletReady", "kubelet is posting ready status"),
    };

    /// <summary>Flips the node; null when there is no such node. Unchanged when it already is so.</summary>
    public static JsonObject? Set(KubeStore store, string name, bool ready) =>
        store.TryUpdate(ResourceTypes.Nodes, null, name, node =>
        {
            var conditions = node.Child("status")["conditions"] as JsonArray ?? [];
            var isReady = conditions.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");
            if (isReady == ready)
            {
                return StoreChange.None;
            }

            var now = KubeTime.Now();
            foreach (var condition in conditions.OfType<JsonObject>())
            {
                var type = condition["type"]?.GetValue<string>() ?? "";
                var (status, reason, message) = ready && Healthy.TryGetValue(type, out var healthy)
                    ? healthy
                    : ("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.");
                condition["status"] = status;
                condition["reason"] = reason;
                condition["message"] = message;
                condition["lastTransitionTime"] = now;
                if (ready)
                {
                    condition["lastHeartbeatTime"] = now;
                }
            }

            var spec = node.Child("spec");
            var taints = (spec["taints"] as JsonArray ?? []).OfType<JsonObject>().Where(t => t["key"]?.GetValue<string>() != UnreachableTaint).Select(t => t.DeepClone()).ToList();
            if (!ready)
            {
                taints.Add(new JsonObject { ["key"] = UnreachableTaint, ["effect"] = "NoSchedule", ["timeAdded"] = now });
                taints.Add(new JsonObject { ["key"] = UnreachableTaint, ["effect"] = "NoExecute", ["timeAdded"] = now });
            }

            if (taints.Count == 0)
            {
                spec.Remove("taints");
            }
            else
            {
                spec["taints"] = new JsonArray([.. taints]);
            }

            return StoreChange.MetadataOrStatus;
        });
}
