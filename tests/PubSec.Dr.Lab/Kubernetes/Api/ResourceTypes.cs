namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The resources the lab serves under <c>/api/v1</c> and <c>/apis/apps/v1</c>. Every one can be listed and read;
/// only the writes a DR tool needs are implemented (others answer 405).
/// </summary>
internal static class ResourceTypes
{
    private static readonly HashSet<string> ReadOnly = ["GET"];
    private static readonly HashSet<string> Deletable = ["GET", "DELETE"];
    private static readonly HashSet<string> Updatable = ["GET", "PUT", "PATCH"];

    // metadata.name and metadata.namespace work for every resource; the rest are the per-resource labels the apiserver registers.
    private static HashSet<string> Fields(params string[] extra) => ["metadata.name", "metadata.namespace", .. extra];

    public static readonly ResourceType Namespaces = new("namespaces", "Namespace", "", false, ReadOnly, Fields("status.phase"));
    public static readonly ResourceType Nodes = new("nodes", "Node", "", false, ReadOnly, Fields("spec.unschedulable"));
    public static readonly ResourceType PersistentVolumes = new("persistentvolumes", "PersistentVolume", "", false, ReadOnly, Fields("name"));
    public static readonly ResourceType Pods = new("pods", "Pod", "", true, Deletable,
        Fields("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"));
    public static readonly ResourceType Services = new("services", "Service", "", true, ReadOnly, Fields());
    public static readonly ResourceType ConfigMaps = new("configmaps", "ConfigMap", "", true, ReadOnly, Fields());
    public static readonly ResourceType Secrets = new("secrets", "Secret", "", true, ReadOnly, Fields("type"));
    public static readonly ResourceType PersistentVolumeClaims = new("persistentvolumeclaims", "PersistentVolumeClaim", "", true, Deletable, Fields());
    public static readonly ResourceType StatefulSets = new("statefulsets", "StatefulSet", "apps", true, Updatable, Fields());
    public static readonly ResourceType Deployments = new("deployments", "Deployment", "apps", true, ReadOnly, Fields());
    public static readonly ResourceType ReplicaSets = new("replicasets", "ReplicaSet", "apps", true, ReadOnly, Fields());

    public static readonly IReadOnlyList<ResourceType> All =
        [Namespaces, Nodes, PersistentVolumes, Pods, Services, ConfigMaps, Secrets, PersistentVolumeClaims, StatefulSets, Deployments, ReplicaSets];

    /// <summary>The type for a URL plural within an API group ("" = core), or null.</summary>
    public static ResourceType? Find(string group, string plural) => All.FirstOrDefault(t => t.Group == group && t.Plural == plural);

    /// <summary>The type of a stored object, from its apiVersion and kind.</summary>
    public static ResourceType OfKind(string apiVersion, string kind) =>
        All.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind) ?? throw new InvalidDataException($"unknown object {apiVersion} {kind}");
}
