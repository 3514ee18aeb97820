using System.Globalization;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The pod status a kubelet reports at each step: Pending with the container being created, Running but not
/// ready, Ready (conditions, containerStatuses and their transition times kept consistent), Terminating.
/// </summary>
internal static class PodPhases
{
    public static int? Ordinal(JsonObject pod) =>
        int.TryParse(pod.Labels().GetValueOrDefault("apps.kubernetes.io/pod-index"), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;

    public static string Phase(JsonObject pod) => pod["status"]?["phase"]?.GetValue<string>() ?? "Pending";

    public static bool IsReady(JsonObject pod) =>
        Phase(pod) == "Running" && Condition(pod, "Ready")?["status"]?.GetValue<string>() == "True";

    /// <summary>Scheduled to a node, the container being created.</summary>
    public static void Pending(JsonObject pod, string hostIp)
    {
        var now = KubeTime.Now();
        var status = pod.Child("status");
        status["phase"] = "Pending";
        status["conditions"] = new JsonArray(
            ConditionOf("PodReadyToStartContainers", "False", now),
            ConditionOf("Initialized", "True", now),
            ConditionOf("Ready", "False", now, "ContainersNotReady", $"containers with unready status: [{ContainerName(pod)}]"),
            ConditionOf("ContainersReady", "False", now, "ContainersNotReady", $"containers with unready status: [{ContainerName(pod)}]"),
            ConditionOf("PodScheduled", "True", now));
        status["hostIP"] = hostIp;
        status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp });
        status["startTime"] = now;
        status["qosClass"] = "Burstable";
        status["containerStatuses"] = new JsonArray(Container(pod, ready: false, started: false, state: new JsonObject
        {
            ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" },
        }));
    }

    /// <summary>A pod that cannot be placed: the lab has no Qdrant node for its ordinal.</summary>
    public static bool Unschedulable(JsonObject pod, string message)
    {
        if (Condition(pod, "PodScheduled")?["reason"]?.GetValue<string>() == "Unschedulable")
        {
            return false;
        }

        var status = pod.Child("status");
        status["phase"] = "Pending";
        status["conditions"] = new JsonArray(ConditionOf("PodScheduled", "False", KubeTime.Now(), "Unschedulable", message));
        status.Remove("containerStatuses");
        status.Remove("hostIP");
        status.Remove("hostIPs");
        pod.Child("spec").Remove("nodeName");
        return true;
    }

    /// <summary>The container runs (its Qdrant node listens); readiness is the probe's to decide.</summary>
    public static void Started(JsonObject pod, string podIp)
    {
        var now = KubeTime.Now();
        var status = pod.Child("status");
        status["phase"] = "Running";
        status["podIP"] = podIp;
        status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp });
        SetCondition(pod, "PodReadyToStartContainers", "True", now);
        var restarts = status["containerStatuses"]?[0]?["restartCount"].AsInt() ?? 0;
        var container = Container(pod, ready: false, started: true, state: new JsonObject
        {
            ["running"] = new JsonObject { ["startedAt"] = now },
        });
        container["restartCount"] = restarts;
        status["containerStatuses"] = new JsonArray(container);
    }

    /// <summary>Flips readiness; false when it already was so (no new resourceVersion then).</summary>
    public static bool SetReady(JsonObject pod, bool ready)
    {
        if (Phase(pod) != "Running" || IsReady(pod) == ready)
        {
            return false;
        }

        var now = KubeTime.Now();
        var value = ready ? "True" : "False";
        var (reason, message) = ready ? ((string?)null, (string?)null) : ("ContainersNotReady", $"containers with unready status: [{ContainerName(pod)}]");
        SetCondition(pod, "Ready", value, now, reason, message);
        SetCondition(pod, "ContainersReady", value, now, reason, message);
        if (pod["status"]?["containerStatuses"]?[0] is JsonObject container)
        {
            container["ready"] = ready;
        }

        return true;
    }

    /// <summary>The API side of a delete: deletionTimestamp is when the grace period ends, as the apiserver sets it.</summary>
    public static void MarkTerminating(JsonObject pod, long graceSeconds)
    {
        pod.Metadata()["deletionTimestamp"] = KubeTime.Format(DateTime.UtcNow.AddSeconds(graceSeconds));
        pod.Metadata()["deletionGracePeriodSeconds"] = graceSeconds;
    }

    private static string ContainerName(JsonObject pod) => pod["spec"]?["containers"]?[0]?["name"]?.GetValue<string>() ?? "main";

    private static JsonObject Container(JsonObject pod, bool ready, bool started, JsonObject state)
    {
        var spec = pod["spec"]!["containers"]![0]!;
        var image = spec["image"]!.GetValue<string>();
        var container = new JsonObject
        {
            ["name"] = ContainerName(pod),
            ["state"] = state,
            ["lastState"] = new JsonObject(),
            ["ready"] = ready,
            ["restartCount"] = 0,
            ["image"] = image,
            ["imageID"] = started || ready ? $"{image.Split(':')[0]}@{KubeNames.Digest(image)}" : "",
            ["started"] = started,
        };
        if (started)
        {
            container["containerID"] = KubeNames.ContainerId();
        }

        return container;
    }

    private static JsonObject? Condition(JsonObject pod, string type) =>
        (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);

    private static void SetCondition(JsonObject pod, string type, string value, string now, string? reason = null, string? message = null)
    {
        var conditions = pod.Child("status")["conditions"] as JsonArray ?? (JsonArray)(pod.Child("status")["conditions"] = new JsonArray());
        var existing = Condition(pod, type);
        var updated = ConditionOf(type, value, existing?["status"]?.GetValue<string>() == value ? existing["lastTransitionTime"]!.GetValue<string>() : now, reason, message);
        if (existing is null)
        {
            conditions.Add(updated);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = updated;
        }
    }

    private static JsonObject ConditionOf(string type, string status, string transition, string? reason = null, string? message = null)
    {
        var condition = new JsonObject { ["type"] = type, ["status"] = status, ["lastProbeTime"] = null, ["lastTransitionTime"] = transition };
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        return condition;
    }
}
