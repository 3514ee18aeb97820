using System.Globalization;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// What the StatefulSet controller creates for ordinal i: pod <c>{set}-{i}</c> from the template (identity labels,
/// owner reference, hostname/subdomain, claim volumes) and, from each volumeClaimTemplate, the claim
/// <c>{template}-{set}-{i}</c> carrying the set's selector labels, bound to a new PersistentVolume.
/// </summary>
internal static class StatefulSetPods
{
    public static string PodName(JsonObject set, int ordinal) => $"{set.Name()}-{ordinal}";

    public static string ClaimName(string template, JsonObject set, int ordinal) => $"{template}-{set.Name()}-{ordinal}";

    public static IEnumerable<string> ClaimTemplates(JsonObject set) =>
        (set["spec"]?["volumeClaimTemplates"] as JsonArray ?? []).Select(t => t!["metadata"]!["name"]!.GetValue<string>());

    public static JsonObject NewPod(JsonObject set, int ordinal)
    {
        var template = set["spec"]!["template"]!.AsObject();
        var name = PodName(set, ordinal);
        var labels = (template["metadata"]?["labels"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        labels["apps.kubernetes.io/pod-index"] = ordinal.ToString(CultureInfo.InvariantCulture);
        labels["controller-revision-hash"] = set["status"]?["updateRevision"]?.GetValue<string>() ?? "";
        labels["statefulset.kubernetes.io/pod-name"] = name;

        var spec = template["spec"]!.DeepClone().AsObject();
        var node = ClusterLayout.NodeOf(ordinal);
        spec["hostname"] = name;
        spec["subdomain"] = set["spec"]!["serviceName"]?.DeepClone();
        spec["nodeName"] = ClusterLayout.NodeName(node);
        var volumes = spec["volumes"] as JsonArray ?? (JsonArray)(spec["volumes"] = new JsonArray());
        foreach (var claim in ClaimTemplates(set))
        {
            volumes.Insert(0, new JsonObject
            {
                ["name"] = claim,
                ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = ClaimName(claim, set, ordinal) },
            });
        }

        spec["tolerations"] = new JsonArray(
            Toleration("node.kubernetes.io/not-ready"),
            Toleration("node.kubernetes.io/unreachable"));
        spec["enableServiceLinks"] = true;
        spec["preemptionPolicy"] = "PreemptLowerPriority";
        spec["priority"] = 0;

        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["generateName"] = set.Name() + "-",
                ["namespace"] = set.Namespace(),
                ["labels"] = KubeObject.Labels(labels.OrderBy(p => p.Key, StringComparer.Ordinal)),
                ["annotations"] = template["metadata"]?["annotations"]?.DeepClone(),
                ["ownerReferences"] = new JsonArray(OwnerReference(set)),
            },
            ["spec"] = spec,
        };
        if (pod.Metadata()["annotations"] is null)
        {
            pod.Metadata().Remove("annotations");
        }

        PodPhases.Pending(pod, ClusterLayout.NodeIp(node));
        return pod;
    }

    /// <summary>A claim from the named template, already Bound to the volume <paramref name="volumeName"/> (the provisioner is instant here).</summary>
    public static JsonObject NewClaim(JsonObject set, string template, int ordinal, string uid)
    {
        var claimTemplate = (set["spec"]!["volumeClaimTemplates"] as JsonArray)!.First(t => t!["metadata"]!["name"]!.GetValue<string>() == template)!.AsObject();
        var labels = (claimTemplate["metadata"]?["labels"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        foreach (var (key, value) in set["spec"]!["selector"]!["matchLabels"]!.AsObject())
        {
            labels[key] = value!.GetValue<string>();
        }

        var spec = claimTemplate["spec"]!.DeepClone().AsObject();
        spec["volumeName"] = VolumeName(uid);
        spec["volumeMode"] ??= "Filesystem";
        spec["storageClassName"] ??= ClusterLayout.StorageClass;
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = ClaimName(template, set, ordinal),
                ["namespace"] = set.Namespace(),
                ["uid"] = uid,
                ["labels"] = KubeObject.Labels(labels.OrderBy(p => p.Key, StringComparer.Ordinal)),
                ["annotations"] = new JsonObject
                {
                    ["pv.kubernetes.io/bind-completed"] = "yes",
                    ["pv.kubernetes.io/bound-by-controller"] = "yes",
                    ["volume.beta.kubernetes.io/storage-provisioner"] = ClusterLayout.Provisioner,
                    ["volume.kubernetes.io/selected-node"] = ClusterLayout.NodeName(ClusterLayout.NodeOf(ordinal)),
                    ["volume.kubernetes.io/storage-provisioner"] = ClusterLayout.Provisioner,
                },
                ["finalizers"] = new JsonArray("kubernetes.io/pvc-protection"),
            },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["phase"] = "Bound",
                ["accessModes"] = spec["accessModes"]?.DeepClone(),
                ["capacity"] = new JsonObject { ["storage"] = spec["resources"]?["requests"]?["storage"]?.DeepClone() },
            },
        };
    }

    /// <summary>The dynamically provisioned volume behind a claim (reclaim policy Delete: it goes with the claim).</summary>
    public static JsonObject NewVolume(JsonObject claim)
    {
        var spec = claim["spec"]!.AsObject();
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = VolumeName(claim.Uid()),
                ["annotations"] = new JsonObject { ["pv.kubernetes.io/provisioned-by"] = ClusterLayout.Provisioner },
                ["finalizers"] = new JsonArray("external-provisioner.volume.kubernetes.io/finalizer", "kubernetes.io/pv-protection"),
            },
            ["spec"] = new JsonObject
            {
                ["capacity"] = new JsonObject { ["storage"] = spec["resources"]?["requests"]?["storage"]?.DeepClone() },
                ["accessModes"] = spec["accessModes"]?.DeepClone(),
                ["claimRef"] = new JsonObject
                {
                    ["kind"] = "PersistentVolumeClaim",
                    ["namespace"] = claim.Namespace(),
                    ["name"] = claim.Name(),
                    ["uid"] = claim.Uid(),
                    ["apiVersion"] = "v1",
                },
                ["persistentVolumeReclaimPolicy"] = "Delete",
                ["storageClassName"] = spec["storageClassName"]?.DeepClone(),
                ["volumeMode"] = "Filesystem",
                ["csi"] = new JsonObject
                {
                    ["driver"] = ClusterLayout.Provisioner,
                    ["volumeHandle"] = $"/subscriptions/lab/resourceGroups/lab/providers/Microsoft.Compute/disks/{VolumeName(claim.Uid())}",
                },
            },
            ["status"] = new JsonObject { ["phase"] = "Bound" },
        };
    }

    public static string VolumeName(string claimUid) => $"pvc-{claimUid}";

    public static JsonObject OwnerReference(JsonObject owner) => new()
    {
        ["apiVersion"] = owner["apiVersion"]?.DeepClone(),
        ["kind"] = owner["kind"]?.DeepClone(),
        ["name"] = owner.Name(),
        ["uid"] = owner.Uid(),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>The ordinal of a pod this set owns, or null for anyone else's pod.</summary>
    public static int? OwnedOrdinal(JsonObject set, JsonObject pod) =>
        pod.Metadata()["ownerReferences"] is JsonArray owners && owners.Any(o => o?["uid"]?.GetValue<string>() == set.Uid())
            ? PodPhases.Ordinal(pod)
            : null;

    private static JsonObject Toleration(string key) => new()
    {
        ["key"] = key,
        ["operator"] = "Exists",
        ["effect"] = "NoExecute",
        ["tolerationSeconds"] = 300,
    };
}
