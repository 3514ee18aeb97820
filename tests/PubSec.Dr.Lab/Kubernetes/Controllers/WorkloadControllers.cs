namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The controllers with no Qdrant node behind them, run in one pass before the <c>qdrant</c> set's: garbage
/// collection and namespace cleanup first (so nothing is recreated for a deleted owner), then Deployments →
/// ReplicaSets → pods, and the other StatefulSets.
/// </summary>
internal sealed class WorkloadControllers
{
    private readonly GarbageCollector _collector;
    private readonly DeploymentController _deployments;
    private readonly ReplicaSetController _replicaSets;
    private readonly PlainStatefulSetController _statefulSets;

    public WorkloadControllers(KubeStore store, KubernetesOptions options)
    {
        var kubelet = new PlainKubelet(store, options);
        _collector = new GarbageCollector(store, options);
        _replicaSets = new ReplicaSetController(store, kubelet);
        _deployments = new DeploymentController(store, _replicaSets);
        _statefulSets = new PlainStatefulSetController(store, kubelet);
    }

    public void Reconcile()
    {
        _collector.Reconcile();
        _deployments.Reconcile();
        _replicaSets.Reconcile();
        _statefulSets.Reconcile();
    }
}
