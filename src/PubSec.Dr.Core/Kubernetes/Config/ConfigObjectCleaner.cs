using System.Text.Json.Nodes;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>
/// Turns an object as the API server returns it into one that applies to another cluster and namespace: the
/// server-set fields go (status, uid, resourceVersion, generation, timestamps, managedFields, ownerReferences,
/// the namespace), and so do values a new cluster allocates itself (a Service's cluster IPs, a claim's bound
/// volume, a Job's generated selector). What remains is what an operator declared.
/// </summary>
public static class ConfigObjectCleaner
{
    private static readonly string[] ServerMetadata =
    [
        "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "ownerReferences",
        "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "generateName",
    ];

    private static readonly string[] ServerAnnotations =
    [
        "kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision",
        "pv.kubernetes.io/bind-completed", "pv.kubernetes.io/bound-by-controller",
        "volume.beta.kubernetes.io/storage-provisioner", "volume.kubernetes.io/storage-provisioner", "volume.kubernetes.io/selected-node",
    ];

    // Labels the Job controller puts on a Job and its template; a new cluster generates its own (with a new uid).
    private static readonly string[] JobControllerLabels =
        ["controller-uid", "batch.kubernetes.io/controller-uid", "job-name", "batch.kubernetes.io/job-name"];

    /// <summary>A cleaned deep copy carrying apiVersion and kind (list items come without them).</summary>
    public static JsonObject Clean(JsonObject source, ConfigResourceType type)
    {
        var item = (JsonObject)source.DeepClone();
        item.Remove("status");
        var cleaned = new JsonObject { ["apiVersion"] = type.ApiVersion, ["kind"] = type.Kind };
        foreach (var (key, value) in item.ToList())
        {
            if (key is not ("apiVersion" or "kind"))
            {
                item.Remove(key);
                cleaned[key] = value;
            }
        }

        if (cleaned["metadata"] is JsonObject metadata)
        {
            foreach (var field in ServerMetadata)
            {
                metadata.Remove(field);
            }

            RemoveKeys(metadata, "annotations", ServerAnnotations);
        }

        switch (type.Kind)
        {
            case "Service":
                CleanService(cleaned);
                break;
            case "PersistentVolumeClaim":
                CleanClaim(cleaned);
                break;
            case "Job":
                CleanJob(cleaned);
                break;
        }

        return cleaned;
    }

    // A headless Service keeps clusterIP None (a StatefulSet's serviceName needs it); any allocated IP goes.
    private static void CleanService(JsonObject service)
    {
        if (service["spec"] is not JsonObject spec)
        {
            return;
        }

        var headless = spec["clusterIP"] is JsonValue ip && ip.TryGetValue<string>(out var text) && text == "None";
        spec.Remove("clusterIP");
        spec.Remove("clusterIPs");
        if (headless)
        {
            spec["clusterIP"] = "None";
        }
    }

    private static void CleanClaim(JsonObject claim)
    {
        (claim["spec"] as JsonObject)?.Remove("volumeName");
        if (claim["metadata"] is JsonObject metadata && metadata["finalizers"] is JsonArray finalizers)
        {
            foreach (var protection in finalizers.Where(f => f?.GetValue<string>() == "kubernetes.io/pvc-protection").ToList())
            {
                finalizers.Remove(protection);
            }

            if (finalizers.Count == 0)
            {
                metadata.Remove("finalizers");
            }
        }
    }

    // The API server generates a Job's selector from its uid and refuses one given without manualSelector.
    private static void CleanJob(JsonObject job)
    {
        RemoveKeys(job["metadata"] as JsonObject, "labels", JobControllerLabels);
        if (job["spec"] is not JsonObject spec)
        {
            return;
        }

        if (spec["manualSelector"]?.GetValue<bool>() != true)
        {
            spec.Remove("selector");
        }

        RemoveKeys((spec["template"] as JsonObject)?["metadata"] as JsonObject, "labels", JobControllerLabels);
    }

    private static void RemoveKeys(JsonObject? parent, string mapName, IEnumerable<string> keys)
    {
        if (parent?[mapName] is not JsonObject map)
        {
            return;
        }

        foreach (var key in keys)
        {
            map.Remove(key);
        }

        if (map.Count == 0)
        {
            parent.Remove(mapName);
        }
    }
}
