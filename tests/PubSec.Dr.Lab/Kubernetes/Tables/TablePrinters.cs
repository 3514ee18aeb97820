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
        "ServiceAccount" => [TableColumn.Named(), TableColumn.Number("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.", o => (o["secrets"] as JsonArray)?.Count ?? 0), TableColumn.Age()],
        "Role" => [TableColumn.Named(), TableColumn.Text("Created At", "CreationTimestamp is a timestamp representing the server time when this object was created.", o => o.StringAt("metadata.creationTimestamp") ?? "")],
        "RoleBinding" =>
        [
            TableColumn.Named(),
            TableColumn.Text("Role", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.", o => $"{o.StringAt("roleRef.kind")}/{o.StringAt("roleRef.name")}"),
            TableColumn.Age(),
        ],
        "Ingress" =>
        [
            TableColumn.Named(),
            TableColumn.Text("Class", "The name of the IngressClass resource.", o => o.StringAt("spec.ingressClassName") ?? "<none>"),
            TableColumn.Text("Hosts", "Hosts that incoming requests are matched against before the ingress rule", IngressHosts),
            TableColumn.Text("Address", "Address is a list containing ingress points for the load-balancer", IngressAddress),
            TableColumn.Text("Ports", "Ports of TLS configurations that open", o => (o["spec"]?["tls"] as JsonArray)?.Count > 0 ? "80, 443" : "80"),
            TableColumn.Age(),
        ],
        "HorizontalPodAutoscaler" =>
        [
            TableColumn.Named(),
            TableColumn.Text("Reference", "reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.",
                o => $"{o.StringAt("spec.scaleTargetRef.kind")}/{o.StringAt("spec.scaleTargetRef.name")}"),
            TableColumn.Text("Targets", "metrics contains the specifications for which to use to calculate the desired replica count.", HpaTargets),
            TableColumn.Text("MinPods", "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.", o => o.StringAt("spec.minReplicas") ?? "1"),
            TableColumn.Number("MaxPods", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.", o => Long(o, "spec", "maxReplicas")),
            TableColumn.Number("Replicas", "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.", o => Long(o, "status", "currentReplicas")),
            TableColumn.Age(),
        ],
        "CronJob" =>
        [
            TableColumn.Named(),
            TableColumn.Text("Schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.", o => o.StringAt("spec.schedule") ?? ""),
            TableColumn.Text("Timezone", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.", o => o.StringAt("spec.timeZone") ?? "<none>"),
            TableColumn.Text("Suspend", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.",
                o => o["spec"]?["suspend"]?.GetValue<bool>() == true ? "True" : "False"),
            TableColumn.Number("Active", "A list of pointers to currently running jobs.", o => (o["status"]?["active"] as JsonArray)?.Count ?? 0),
            TableColumn.Text("Last Schedule", "Information when was the last time the job was successfully scheduled.", _ => "<none>"),
            TableColumn.Age(),
        ],
        "Job" =>
        [
            TableColumn.Named(),
            TableColumn.Text("Status", "Status of the job.", o => Long(o, "status", "succeeded") >= (o["spec"]?["completions"].AsLong() ?? 1) ? "Complete" : "Running"),
            TableColumn.Text("Completions", "The desired number of successfully finished pods the job should be run with.", o => $"{Long(o, "status", "succeeded")}/{o["spec"]?["completions"].AsLong() ?? 1}"),
            TableColumn.Text("Duration", "Time required to complete the job.", _ => ""),
            TableColumn.Age(),
        ],
        "DaemonSet" =>
        [
            TableColumn.Named(),
            TableColumn.Number("Desired", "The desired number of nodes that should be running the daemon pod.", o => Long(o, "status", "desiredNumberScheduled")),
            TableColumn.Number("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.", o => Long(o, "status", "currentNumberScheduled")),
            TableColumn.Number("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.", o => Long(o, "status", "numberReady")),
            TableColumn.Number("Up-to-date", "The total number of nodes that are running updated daemon pod", o => Long(o, "status", "updatedNumberScheduled")),
            TableColumn.Number("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)",
                o => Long(o, "status", "numberAvailable")),
            TableColumn.Text("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node.",
                o => o["spec"]?["template"]?["spec"]?["nodeSelector"] is JsonObject selector && selector.Count > 0 ? string.Join(",", selector.Select(p => $"{p.Key}={p.Value}")) : "<none>"),
            TableColumn.Age(),
        ],
        _ => [TableColumn.Named(), TableColumn.Age()],
    };

    private static string IngressHosts(JsonObject ingress)
    {
        var hosts = (ingress["spec"]?["rules"] as JsonArray ?? []).Select(r => r?["host"]?.GetValue<string>() ?? "*").ToList();
        return hosts.Count == 0 ? "*" : string.Join(",", hosts);
    }

    private static string IngressAddress(JsonObject ingress) =>
        string.Join(",", (ingress["status"]?["loadBalancer"]?["ingress"] as JsonArray ?? []).Select(i => i?["ip"]?.GetValue<string>() ?? i?["hostname"]?.GetValue<string>()));

    private static string HpaTargets(JsonObject hpa)
    {
        var targets = (hpa["spec"]?["metrics"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(m => m["resource"] is JsonObject)
            .Select(m => $"{m.StringAt("resource.name")}: <unknown>/{m.StringAt("resource.target.averageUtilization")}%").ToList();
        return targets.Count == 0 ? "<none>" : string.Join(", ", targets);
    }

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
