using PubSec.Dr.Kubernetes;

namespace PubSec.Dr.Tests.Kubernetes;

/// <summary>
/// A StatefulSet in memory that behaves like the controller: pods go after a scale down and come back Ready after a
/// scale up (each after <see cref="ListsPerTransition"/> more looks), deleted claims vanish after one more look.
/// Every call is recorded in order; <see cref="FailOn"/> makes one call throw.
/// </summary>
internal sealed class FakeWorkloads : IKubernetesWorkloads
{
    private readonly List<string> _claims;
    private int _replicas;
    private int _podLooksSinceScale;
    private readonly HashSet<string> _deleting = [];

    public FakeWorkloads(int replicas)
    {
        _replicas = replicas;
        _claims = Enumerable.Range(0, replicas).Select(i => $"data-qdrant-{i}").ToList();
        Pods = replicas;
    }

    public KubernetesTarget Target { get; } = new(null, null, "db", "qdrant");

    public List<string> Calls { get; } = [];

    public int Pods { get; private set; }

    public IReadOnlyList<string> Claims => _claims;

    public int ListsPerTransition { get; init; } = 2;

    /// <summary>A call (as recorded, e.g. "delete data-qdrant-1") that throws this exception instead.</summary>
    public (string Call, Exception Error)? FailOn { get; init; }

    public bool Disposed { get; private set; }

    public Task<StatefulSetShape> ReadStatefulSetAsync(CancellationToken ct) =>
        Record("read", () => new StatefulSetShape("qdrant", _replicas, ["data"], "app=qdrant"));

    public Task ScaleStatefulSetAsync(int replicas, CancellationToken ct) => Record($"scale {replicas}", () =>
    {
        _replicas = replicas;
        _podLooksSinceScale = 0;
        if (replicas > 0 && _claims.Count == 0)
        {
            // The controller makes fresh, empty claims for the new pods.
            _claims.AddRange(Enumerable.Range(0, replicas).Select(i => $"data-qdrant-{i}"));
            _deleting.Clear();
        }

        return true;
    });

    public Task<IReadOnlyList<WorkloadPod>> ListStatefulSetPodsAsync(CancellationToken ct) => Record("pods", () =>
    {
        var ready = true;
        if (Pods != _replicas && ++_podLooksSinceScale >= ListsPerTransition)
        {
            // New pods are not Ready on the look that first shows them.
            ready = _replicas < Pods;
            Pods = _replicas;
        }

        return (IReadOnlyList<WorkloadPod>)Enumerable.Range(0, Pods).Select(i => new WorkloadPod($"qdrant-{i}", ready, Terminating: false)).ToList();
    });

    public Task<IReadOnlyList<string>> ListClaimsAsync(CancellationToken ct) => Record("claims", () =>
    {
        // A deleted claim is still listed on the first look after its delete (the protection finalizer), then gone.
        var now = (IReadOnlyList<string>)_claims.ToList();
        _claims.RemoveAll(_deleting.Contains);
        return now;
    });

    public Task<bool> DeleteClaimAsync(string name, CancellationToken ct) => Record($"delete {name}", () => _claims.Contains(name) && _deleting.Add(name));

    public void Dispose() => Disposed = true;

    private Task<T> Record<T>(string call, Func<T> body)
    {
        Calls.Add(call);
        return FailOn is { } fail && fail.Call == call ? Task.FromException<T>(fail.Error) : Task.FromResult(body());
    }

    public Dictionary<string, int> Deployments { get; } = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<string>> ListDeploymentsAsync(CancellationToken ct) =>
        Record("list deployments", () => (IReadOnlyList<string>)[.. Deployments.Keys.Order(StringComparer.Ordinal)]);

    public Task<int> ReadDeploymentScaleAsync(string name, CancellationToken ct) => Record($"read scale {name}", () => Deployments[name]);

    public Task ScaleDeploymentAsync(string name, int replicas, CancellationToken ct) => Record($"scale {name} {replicas}", () => Deployments[name] = replicas);
}
