namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The resources the lab serves under <c>/api/v1</c> and <c>/apis/&lt;group&gt;/&lt;version&gt;</c>. Every one can be
/// listed, read and watched; the configuration kinds can also be created, replaced, patched and deleted (what a
/// configuration backup and its restore into another cluster need). Nodes and PersistentVolumes are read-only,
/// pods and ReplicaSets belong to their controllers (GET and DELETE only); other verbs answer 405.
/// </summary>
internal static class ResourceTypes
{
    private static readonly HashSet<string> ReadOnly = ["GET"];
    private static readonly HashSet<string> Deletable = ["GET", "DELETE"];
    private static readonly HashSet<string> Writable = ["GET", "PUT", "PATCH", "DELETE"];

    // metadata.name and metadata.namespace work for every resource; the rest are the per-resource labels the apiserver registers.
    private static HashSet<string> Fields(params string[] extra) => ["metadata.name", "metadata.namespace", .. extra];

    public static readonly ResourceType Namespaces = new("namespaces", "Namespace", "", false, Writable, Fields("status.phase")) { ShortNames = ["ns"], Creatable = true };
    public static readonly ResourceType Nodes = new("nodes", "Node", "", false, ReadOnly, Fields("spec.unschedulable")) { ShortNames = ["no"] };
    public static readonly ResourceType PersistentVolumes = new("persistentvolumes", "PersistentVolume", "", false, ReadOnly, Fields("name")) { ShortNames = ["pv"] };
    public static readonly ResourceType Pods = new("pods", "Pod", "", true, Deletable,
        Fields("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"))
    { ShortNames = ["po"], InCategoryAll = true };
    public static readonly ResourceType Services = new("services", "Service", "", true, Writable, Fields()) { ShortNames = ["svc"], InCategoryAll = true, Creatable = true };
    public static readonly ResourceType ConfigMaps = new("configmaps", "ConfigMap", "", true, Writable, Fields()) { ShortNames = ["cm"], Creatable = true };
    public static readonly ResourceType Secrets = new("secrets", "Secret", "", true, Writable, Fields("type")) { Creatable = true };
    public static readonly ResourceType ServiceAccounts = new("serviceaccounts", "ServiceAccount", "", true, Writable, Fields()) { ShortNames = ["sa"], Creatable = true };
    public static readonly ResourceType PersistentVolumeClaims = new("persistentvolumeclaims", "PersistentVolumeClaim", "", true, Writable, Fields()) { ShortNames = ["pvc"], Creatable = true };
    public static readonly ResourceType StatefulSets = new("statefulsets", "StatefulSet", "apps", true, Writable, Fields()) { ShortNames = ["sts"], InCategoryAll = true, Creatable = true };
    public static readonly ResourceType Deployments = new("deployments", "Deployment", "apps", true, Writable, Fields()) { ShortNames = ["deploy"], InCategoryAll = true, Creatable = true };
    public static readonly ResourceType ReplicaSets = new("replicasets", "ReplicaSet", "apps", true, Deletable, Fields()) { ShortNames = ["rs"], InCategoryAll = true };
    public static readonly ResourceType DaemonSets = new("daemonsets", "DaemonSet", "apps", true, Writable, Fields()) { ShortNames = ["ds"], InCategoryAll = true, Creatable = true };
    public static readonly ResourceType Jobs = new("jobs", "Job", "batch", true, Writable, Fields("status.successful")) { InCategoryAll = true, Creatable = true };
    public static readonly ResourceType CronJobs = new("cronjobs", "CronJob", "batch", true, Writable, Fields()) { ShortNames = ["cj"], InCategoryAll = true, Creatable = true };
    public static readonly ResourceType Roles = new("roles", "Role", "rbac.authorization.k8s.io", true, Writable, Fields()) { Creatable = true };
    public static readonly ResourceType RoleBindings = new("rolebindings", "RoleBinding", "rbac.authorization.k8s.io", true, Writable, Fields()) { Creatable = true };
    public static readonly ResourceType Ingresses = new("ingresses", "Ingress", "networking.k8s.io", true, Writable, Fields()) { ShortNames = ["ing"], Creatable = true };
    public static readonly ResourceType HorizontalPodAutoscalers = new("horizontalpodautoscalers", "HorizontalPodAutoscaler", "autoscaling", true, Writable, Fields())
    { Version = "v2", ShortNames = ["hpa"], InCategoryAll = true, Creatable = true };

    public static readonly IReadOnlyList<ResourceType> All =
    [
        Namespaces, Nodes, PersistentVolumes, Pods, Services, ConfigMaps, Secrets, ServiceAccounts, PersistentVolumeClaims,
        StatefulSets, Deployments, ReplicaSets, DaemonSets, Jobs, CronJobs, Roles, RoleBindings, Ingresses, HorizontalPodAutoscalers,
    ];

    /// <summary>The API groups in the order <c>/apis</c> lists them, each with its one served version.</summary>
    public static IEnumerable<(string Group, string Version)> Groups =>
        All.Where(t => t.Group.Length > 0).Select(t => (t.Group, t.Version)).Distinct();

    /// <summary>The type for a URL plural within an API group ("" = core) and version, or null.</summary>
    public static ResourceType? Find(string group, string version, string plural) =>
        All.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    /// <summary>The type of a stored object, from its apiVersion and kind.</summary>
    public static ResourceType OfKind(string apiVersion, string kind) =>
        All.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind) ?? throw new InvalidDataException($"unknown object {apiVersion} {kind}");
}
