using System.Diagnostics;
using PubSec.Dr.Environments;
using PubSec.Dr.Kubernetes;
using PubSec.Dr.Network;

namespace PubSec.Dr.Readiness;

/// <summary>
/// The region's Kubernetes: the API answers, every node is Ready (a node whose Ready condition is False or Unknown
/// fails, by name), and every Deployment and StatefulSet of the namespace has its desired replicas ready.
/// </summary>
internal static class KubernetesProbe
{
    public const string NodesCheck = "Kubernetes nodes";

    public static ReadinessProbe Create(IKubernetesInventoryConnector connector, DrKubernetesSettings settings, NetworkDeadlines deadlines) =>
        new(NodesCheck, ReadinessCategory.Kubernetes, "the API answers and every node is Ready", async ct =>
        {
            var clock = Stopwatch.StartNew();
            using var inventory = connector.KubernetesInventory(settings.ToTarget(), deadlines);
            var nodes = inventory.ListNodesAsync(ct);
            var workloads = inventory.ListWorkloadsAsync(ct);
            var checks = new List<ReadinessCheck> { Nodes(await nodes.ConfigureAwait(false), clock.Elapsed) };
            var listed = await workloads.ConfigureAwait(false);
            var elapsed = clock.Elapsed;
            checks.AddRange(listed.Select(w => Workload(w, elapsed)));
            if (listed.Count == 0)
            {
                checks.Add(ReadinessChecks.Make(ReadinessCategory.Kubernetes, $"Namespace/{settings.Namespace}", ReadinessStatus.Failed,
                    "the application's Deployments and StatefulSets", "no Deployment or StatefulSet in the namespace", elapsed,
                    "Check regions.<name>.kubernetes.namespace and context; restore the namespace's configuration (Restore-DrKubernetesConfig) if it is empty."));
            }

            return checks;
        });

    public static ReadinessCheck Nodes(IReadOnlyList<KubernetesNodeState> nodes, TimeSpan duration)
    {
        var notReady = nodes.Where(n => !n.IsReady).ToList();
        var status = nodes.Count == 0 || notReady.Count > 0 ? ReadinessStatus.Failed : ReadinessStatus.Passed;
        var observed = nodes.Count == 0 ? "no nodes"
            : notReady.Count == 0 ? $"{nodes.Count} of {nodes.Count} Ready"
            : $"{nodes.Count - notReady.Count} of {nodes.Count} Ready; not Ready: {string.Join(", ", notReady.Select(n => $"{n.Name} ({(n.Ready.Length == 0 ? "no condition" : n.Ready)})"))}";
        return ReadinessChecks.Make(ReadinessCategory.Kubernetes, NodesCheck, status, "every node Ready", observed, duration,
            "Look at the nodes (kubectl describe node <name>): a node that is Unknown stopped reporting; pods on it are not serving.");
    }

    public static ReadinessCheck Workload(WorkloadReplicas workload, TimeSpan duration) =>
        ReadinessChecks.Make(ReadinessCategory.Kubernetes, workload.ShortName,
            workload.AtDesired ? ReadinessStatus.Passed : ReadinessStatus.Failed,
            $"{workload.Desired} ready replica(s)", $"{workload.Ready} of {workload.Desired} ready", duration,
            $"Look at its pods (kubectl -n <namespace> describe {workload.Kind.ToLowerInvariant()} {workload.Name}); scale it up if it was scaled down for the standby.");
}
