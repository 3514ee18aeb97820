namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// How the emulated kubelet and StatefulSet controller pace themselves. Real clusters take seconds for each
/// step; the defaults keep the transitions observable for drills, and tests shorten them.
/// </summary>
internal sealed record KubernetesOptions
{
    /// <summary>
    /// The StatefulSet's <c>spec.podManagementPolicy</c> when kubernetes.json is first created (immutable afterwards,
    /// as in Kubernetes). Parallel by default, as in the Qdrant Helm chart: with OrderedReady a multi-node Qdrant
    /// deadlocks on a cold start because a node refuses /readyz until its peers answer.
    /// </summary>
    public string PodManagementPolicy { get; init; } = PodManagementPolicies.Parallel;

    /// <summary>The kubeconfig's context name (<c>--kube-context</c>); cluster and users are named after it.</summary>
    public string ContextName { get; init; } = KubeconfigFile.DefaultContext;

    /// <summary>How long a new pod stays Pending (ContainerCreating) before its Qdrant node starts.</summary>
    public TimeSpan PodStartupDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a deleted pod stays Terminating before its Qdrant node stops and the pod disappears.</summary>
    public TimeSpan PodTerminationDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The readiness probe's period (GET /readyz on the node's REST port).</summary>
    public TimeSpan ProbePeriod { get; init; } = TimeSpan.FromMilliseconds(250);
}

internal static class PodManagementPolicies
{
    public const string OrderedReady = "OrderedReady";
    public const string Parallel = "Parallel";

    public static bool IsKnown(string value) => value is OrderedReady or Parallel;
}
