using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The columns kube-apiserver's printers give each served resource (the default, non-wide ones: what
/// <c>kubectl get</c> shows), with the same cell rules: READY as ready/desired, STATUS of a deleting pod or claim as
/// Terminating, ROLES from <c>node-role.kubernetes.io/*</c> labels, access modes abbreviated.
/// </summary>
internal static class TablePrinters
{
    public static IReadOnlyList<TableColumn> For(ResourceType type) => type.Kind switch
    {
        "Node" =>
        [
            TableColumn.Named(),
            TableColumn.Text("Status", "The status of the node", NodeStatus),
            TableColumn.Text("Roles", "The roles of the node", NodeRoles),
            TableColumn.Age(),
            TableColumn.Text("Version", "Kubelet Version reported by the node.", o => o.StringAt("status.nodeInfo.kubeletVersion") ?? ""),
        ],
        "Pod" =>
        [
            TableColumn.Named(),
            TableColumn.Text("Ready", "The aggregate readiness state of this pod for accepting traffic.", PodReady),
            TableColumn.Text("Status", "The aggregate status of the containers in this pod.", PodStatus),
            TableColumn.Text("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
                o => Containers(o).Sum(c => c["restartCount"].AsLong() ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            TableColumn.Age(),
        ],
        "StatefulSet" =>
        [
            TableColumn.Named(),
            TableColumn.Text("Ready", "Number of the pod with ready state", o => $"{Long(o, "status", "readyReplicas")}/{Long(o, "spec", "replicas")}"),
            TableColumn.Age(),
        ],
        "Deployment" =>
        [
            TableColumn.Named(),
            TableColumn.Text("Ready", "Number of the pod with ready state", o => $"{Long(o, "status", "readyReplicas")}/{Long(o, "spec", "replicas")}"),
            TableColumn.Number("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec.", o => Long(o, "status", "updatedReplicas")),
            TableColumn.Number("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.", o => Long(o, "status", "availableReplicas")),
            TableColumn.Age(),
        ],
        "ReplicaSet" =>
        [
            TableColumn.Named(),
            TableColumn.Number("Desired", "Number of desired pods.", o => Long(o, "spec", "replicas")),
            TableColumn.Number("Current", "Replicas is the most recently observed number of replicas.", o => Long(o, "status", "replicas")),
            TableColumn.Number("Ready", "The number of ready replicas for this replica set.", o => Long(o, "status", "readyReplicas")),
            TableColumn.Age(),
        ],
        "PersistentVolumeClaim" =>
        [
            TableColumn.Named(),
            TableColumn.Text("Status", "Phase represents the current phase of PersistentVolumeClaim.",
                o => o.IsTerminating() ? "Terminating" : o.StringAt("status.phase") ?? ""),
            TableColumn.Text("Volume", "VolumeName is the binding reference to the PersistentVolume backing this claim.", o => o.StringAt("spec.volumeName") ?? ""),
            TableColumn.Text("Capacity", "Capacity represents the actual resources of the underlying volume.",
                o => o.StringAt("spec.volumeName") is { Length: > 0 } ? o.StringAt("status.capacity.storage") ?? "" : ""),
            TableColumn.Text("Access Modes", "AccessModes contains the actual access modes the volume backing the PVC has.", o => AccessModes(o["status"]?["accessModes"])),
            TableColumn.Text("StorageClass", "StorageClassName is the name of the StorageClass required by the claim.", o => o.StringAt("spec.storageClassName") ?? ""),
            TableColumn.Text("VolumeAttributesClass", "VolumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.",
                o => o.StringAt("spec.volumeAttributesClassName") ?? "<unset>"),
            TableColumn.Age(),
        ],
        "PersistentVolume" =>
        [
            TableColumn.Named(),
            TableColumn.Text("Capacity", "capacity is the description of the persistent volume's resources and capacity.", o => o.StringAt("spec.capacity.storage") ?? ""),
            TableColumn.Text("Access Modes", "accessModes contains all ways the volume can be mounted.", o => AccessModes(o["spec"]?["accessModes"])),
            TableColumn.Text("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.",
                o => o.StringAt("spec.persistentVolumeReclaimPolicy") ?? ""),
            TableColumn.Text("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim.",
                o => o.IsTerminating() ? "Terminating" : o.StringAt("status.phase") ?? ""),
            TableColumn.Text("Claim", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.",
                o => o.StringAt("spec.claimRef.name") is { } claim ? $"{o.StringAt("spec.claimRef.namespace")}/{claim}" : ""),
            TableColumn.Text("StorageClass", "storageClassName is the name of StorageClass to which this persistent volume belongs.", o => o.StringAt("spec.storageClassName") ?? ""),
            TableColumn.Text("VolumeAttributesClass", "Name of VolumeAttributesClass to which this persistent volume belongs.",
                o => o.StringAt("spec.volumeAttributesClassName") ?? "<unset>"),
            TableColumn.Text("Reason", "reason is a brief CamelCase string that describes any failure.", o => o.StringAt("status.reason") ?? ""),
            TableColumn.Age(),
        ],
        "Namespace" =>
        [
            TableColumn.Named(),
            TableColumn.Text("Status", "The status of the namespace", o => o.StringAt("status.phase") ?? ""),
            TableColumn.Age(),
        ],
        "Service" =>
        [
            TableColumn.Named(),
            TableColumn.Text("Type", "type determines how the Service is exposed.", o => o.StringAt("spec.type") ?? "ClusterIP"),
            TableColumn.Text("Cluster-IP", "clusterIP is the IP address of the service.", o => o.StringAt("spec.clusterIP") ?? ""),
            TableColumn.Text("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.", _ => "<none>"),
            TableColumn.Text("Port(s)", "The ports that this service should serve on.", ServicePorts),
            TableColumn.Age(),
        ],
        "ConfigMap" => [TableColumn.Named(), TableColumn.Number("Data", "Number of data in configmap", o => Count(o["data"]) + Count(o["binaryData"])), TableColumn.Age()],
        "Secret" =>
        [
            TableColumn.Named(),
            TableColumn.Text("Type", "The type of the secret", o => o.StringAt("type") ?? ""),
            TableColumn.Number("Data", "The number of entries in the secret", o => Count(o["data"])),
            TableColumn.Age(),
        ],
        _ => throw new InvalidOperationException($"no printer for {type.Kind}"),
    };

    private static IEnumerable<JsonNode> Containers(JsonObject pod) => (pod["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonNode>();

    private static long Long(JsonObject obj, string part, string field) => obj[part]?[field].AsLong() ?? 0;

    private static int Count(JsonNode? node) => (node as JsonObject)?.Count ?? 0;

    private static string NodeStatus(JsonObject node)
    {
        var ready = (node["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => c?["type"]?.GetValue<string>() == "Ready");
        var status = ready?["status"]?.GetValue<string>() switch { "True" => "Ready", null => "Unknown", _ => "NotReady" };
        return node["spec"]?["unschedulable"]?.GetValue<bool>() == true ? status + ",SchedulingDisabled" : status;
    }

    private static string NodeRoles(JsonObject node)
    {
        const string prefix = "node-role.kubernetes.io/";
        var roles = node.Labels().Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.Length > prefix.Length)
            .Select(k => k[prefix.Length..]).Order(StringComparer.Ordinal).ToList();
        return roles.Count == 0 ? "<none>" : string.Join(",", roles);
    }

    private static string PodReady(JsonObject pod)
    {
        var total = (pod["spec"]?["containers"] as JsonArray)?.Count ?? 0;
        var ready = Containers(pod).Count(c => c["ready"]?.GetValue<bool>() == true);
        return $"{ready}/{total}";
    }

    private static string PodStatus(JsonObject pod)
    {
        if (pod.IsTerminating())
        {
            return "Terminating";
        }

        var waiting = Containers(pod).Select(c => c["state"]?["waiting"]?["reason"]?.GetValue<string>()).FirstOrDefault(r => r is not null);
        return waiting ?? pod.StringAt("status.reason") ?? pod.StringAt("status.phase") ?? "";
    }

    private static string AccessModes(JsonNode? modes)
    {
        var names = (modes as JsonArray ?? []).Select(m => m?.GetValue<string>() switch
        {
            "ReadWriteOnce" => "RWO",
            "ReadOnlyMany" => "ROX",
            "ReadWriteMany" => "RWX",
            "ReadWriteOncePod" => "RWOP",
            var other => other,
        }).Distinct();
        return string.Join(",", names);
    }

    private static string ServicePorts(JsonObject service)
    {
        var ports = (service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>().Select(p =>
            p["nodePort"].AsLong() is { } node
                ? $"{p["port"].AsLong()}:{node}/{p.StringAt("protocol") ?? "TCP"}"
                : $"{p["port"].AsLong()}/{p.StringAt("protocol") ?? "TCP"}").ToList();
        return ports.Count == 0 ? "<none>" : string.Join(",", ports);
    }
}
