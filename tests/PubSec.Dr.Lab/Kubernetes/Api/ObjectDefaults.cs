using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// What the apiserver's registry strategies do to an object before storing it: a create starts with an empty
/// status (the controllers fill it), a namespace gets its name label and finalizer, a Secret's <c>stringData</c> is
/// folded into base64 <c>data</c>, a Service gets a cluster IP (kept on update, unless headless), a claim outside the
/// Qdrant namespace is bound at once to a new volume (the lab's provisioner is instant).
/// </summary>
internal static class ObjectDefaults
{
    /// <summary>The kinds whose status is a subresource: a create or a replace of the main resource does not set it.</summary>
    private static readonly HashSet<string> StatusKinds =
        ["Namespace", "Service", "PersistentVolumeClaim", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "HorizontalPodAutoscaler", "Ingress"];

    public static bool HasStatus(ResourceType type) => StatusKinds.Contains(type.Kind);

    public static void OnCreate(ResourceType type, JsonObject obj, IEnumerable<string> takenClusterIps)
    {
        if (HasStatus(type))
        {
            obj["status"] = new JsonObject();
        }

        var spec = type.Kind is "ConfigMap" or "Secret" or "ServiceAccount" or "Role" or "RoleBinding" ? null : obj.Child("spec");
        switch (type.Kind)
        {
            case "Namespace":
                obj.Metadata().Child("labels")["kubernetes.io/metadata.name"] = obj.Name();
                spec!["finalizers"] = new JsonArray("kubernetes");
                obj["status"] = new JsonObject { ["phase"] = "Active" };
                break;
            case "Service":
                DefaultService(spec!, takenClusterIps);
                obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
                break;
            case "Deployment":
                spec!["replicas"] ??= 1;
                spec["strategy"] ??= new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" } };
                spec["revisionHistoryLimit"] ??= 10;
                spec["progressDeadlineSeconds"] ??= 600;
                break;
            case "StatefulSet":
                StatefulSetSpec.Default(spec!);
                var revision = $"{obj.Name()}-{KubeNames.Hash(spec!["template"]?.ToJsonString() ?? "", 10)}";
                obj["status"] = new JsonObject { ["replicas"] = 0, ["currentRevision"] = revision, ["updateRevision"] = revision };
                break;
            case "PersistentVolumeClaim":
                if (obj.Namespace() != ClusterLayout.Namespace)
                {
                    Bind(obj);
                }
                else
                {
                    obj["status"] = new JsonObject { ["phase"] = "Pending" };
                }

                break;
            case "Ingress":
                obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
                break;
        }

        OnWrite(type, obj);
    }

    /// <summary>A replace or patch: server-owned fields come from the stored object; status is kept where it is a subresource.</summary>
    public static void OnUpdate(ResourceType type, JsonObject desired, JsonObject current)
    {
        var metadata = desired.Metadata();
        foreach (var key in new[] { "uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "name" })
        {
            metadata[key] = current.Metadata()[key]?.DeepClone();
            if (metadata[key] is null)
            {
                metadata.Remove(key);
            }
        }

        if (HasStatus(type))
        {
            desired["status"] = current["status"]?.DeepClone();
        }

        if (type.Kind == "Service" && desired["spec"] is JsonObject spec)
        {
            var ip = current["spec"]?["clusterIP"]?.GetValue<string>();
            var wanted = spec["clusterIP"]?.GetValue<string>();
            if (string.IsNullOrEmpty(wanted))
            {
                spec["clusterIP"] = ip;
                spec["clusterIPs"] = current["spec"]?["clusterIPs"]?.DeepClone();
            }
            else if (wanted != ip)
            {
                throw KubeErrors.Invalid("Service", "", current.Name(), "spec.clusterIPs[0]", "FieldValueInvalid",
                    $"Invalid value: []string{{\"{wanted}\"}}: may not change once set");
            }
        }

        if (type.Kind == "PersistentVolumeClaim" && desired["spec"] is JsonObject claimSpec)
        {
            claimSpec["volumeName"] ??= current["spec"]?["volumeName"]?.DeepClone();
        }

        OnWrite(type, desired);
    }

    private static void OnWrite(ResourceType type, JsonObject obj)
    {
        if (type.Kind != "Secret")
        {
            return;
        }

        if (string.IsNullOrEmpty(obj["type"]?.GetValue<string>()))
        {
            obj["type"] = "Opaque";
        }

        if (obj["stringData"] is JsonObject stringData)
        {
            var data = obj.Child("data");
            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
            }

            obj.Remove("stringData");
        }
    }

    private static void DefaultService(JsonObject spec, IEnumerable<string> taken)
    {
        spec["type"] ??= "ClusterIP";
        var ip = spec["clusterIP"]?.GetValue<string>();
        if (string.IsNullOrEmpty(ip))
        {
            var used = taken.ToHashSet(StringComparer.Ordinal);
            do
            {
                // The lab's service CIDR is 10.0.0.0/16, as AKS's default.
                ip = $"10.0.{RandomNumberGenerator.GetInt32(1, 255)}.{RandomNumberGenerator.GetInt32(1, 255)}";
            }
            while (used.Contains(ip));
            spec["clusterIP"] = ip;
        }

        spec["clusterIPs"] = new JsonArray(ip);
        if (ip != "None")
        {
            spec["ipFamilies"] ??= new JsonArray("IPv4");
            spec["ipFamilyPolicy"] ??= "SingleStack";
        }

        spec["internalTrafficPolicy"] ??= "Cluster";
        spec["sessionAffinity"] ??= "None";
        foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            port["protocol"] ??= "TCP";
            port["targetPort"] ??= port["port"]?.DeepClone();
        }
    }

    /// <summary>Bound to the volume <c>pvc-&lt;uid&gt;</c> that the caller creates with <see cref="StatefulSetPods.NewVolume"/>.</summary>
    private static void Bind(JsonObject claim)
    {
        var uid = Guid.NewGuid().ToString();
        var metadata = claim.Metadata();
        metadata["uid"] = uid;
        var annotations = metadata.Child("annotations");
        annotations["pv.kubernetes.io/bind-completed"] = "yes";
        annotations["pv.kubernetes.io/bound-by-controller"] = "yes";
        annotations["volume.beta.kubernetes.io/storage-provisioner"] = ClusterLayout.Provisioner;
        annotations["volume.kubernetes.io/storage-provisioner"] = ClusterLayout.Provisioner;
        metadata["finalizers"] = new JsonArray("kubernetes.io/pvc-protection");
        var spec = claim.Child("spec");
        spec["volumeName"] = StatefulSetPods.VolumeName(uid);
        spec["volumeMode"] ??= "Filesystem";
        spec["storageClassName"] ??= ClusterLayout.StorageClass;
        claim["status"] = new JsonObject
        {
            ["phase"] = "Bound",
            ["accessModes"] = spec["accessModes"]?.DeepClone(),
            ["capacity"] = new JsonObject { ["storage"] = spec["resources"]?["requests"]?["storage"]?.DeepClone() },
        };
    }
}
