namespace PubSec.Dr.Kubernetes.Config;

/// <summary>
/// The kinds a rebuild of a namespace needs, in the order a restore applies them: what others refer to first
/// (identities and RBAC, then configuration, secrets and claims), then the workloads that mount them, then what
/// routes to the workloads (Services, Ingresses) and scales them (HPAs). The namespace itself comes before all.
/// </summary>
public static class ConfigResourceTypes
{
    public static readonly ConfigResourceType ServiceAccounts = new("", "v1", "serviceaccounts", "ServiceAccount");
    public static readonly ConfigResourceType Roles = new("rbac.authorization.k8s.io", "v1", "roles", "Role");
    public static readonly ConfigResourceType RoleBindings = new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding");
    public static readonly ConfigResourceType ConfigMaps = new("", "v1", "configmaps", "ConfigMap");
    public static readonly ConfigResourceType Secrets = new("", "v1", "secrets", "Secret");
    public static readonly ConfigResourceType PersistentVolumeClaims = new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim");
    public static readonly ConfigResourceType StatefulSets = new("apps", "v1", "statefulsets", "StatefulSet");
    public static readonly ConfigResourceType Deployments = new("apps", "v1", "deployments", "Deployment");
    public static readonly ConfigResourceType DaemonSets = new("apps", "v1", "daemonsets", "DaemonSet");
    public static readonly ConfigResourceType Jobs = new("batch", "v1", "jobs", "Job");
    public static readonly ConfigResourceType CronJobs = new("batch", "v1", "cronjobs", "CronJob");
    public static readonly ConfigResourceType Services = new("", "v1", "services", "Service");
    public static readonly ConfigResourceType Ingresses = new("networking.k8s.io", "v1", "ingresses", "Ingress");
    public static readonly ConfigResourceType HorizontalPodAutoscalers = new("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler");

    /// <summary>Read only to say why they are not backed up: their controllers recreate them.</summary>
    public static readonly ConfigResourceType Pods = new("", "v1", "pods", "Pod");
    public static readonly ConfigResourceType ReplicaSets = new("apps", "v1", "replicasets", "ReplicaSet");

    /// <summary>Every kind backed up, in restore order.</summary>
    public static readonly IReadOnlyList<ConfigResourceType> InRestoreOrder =
    [
        ServiceAccounts, Roles, RoleBindings, ConfigMaps, Secrets, PersistentVolumeClaims,
        StatefulSets, Deployments, DaemonSets, Jobs, CronJobs, Services, Ingresses, HorizontalPodAutoscalers,
    ];

    /// <summary>Listed so that what the backup leaves out is reported, not silently missing.</summary>
    public static readonly IReadOnlyList<ConfigResourceType> ListedForSkips = [Pods, ReplicaSets];

    /// <summary>The type of an object from its apiVersion and kind; null for a kind a configuration backup does not hold.</summary>
    public static ConfigResourceType? Of(string? apiVersion, string? kind) =>
        InRestoreOrder.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind);

    /// <summary>Position in the restore order (unknown kinds last).</summary>
    public static int RestoreRank(string? kind)
    {
        for (var i = 0; i < InRestoreOrder.Count; i++)
        {
            if (InRestoreOrder[i].Kind == kind)
            {
                return i;
            }
        }

        return InRestoreOrder.Count;
    }
}
