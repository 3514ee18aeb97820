using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The StatefulSet controller and the kubelet for the <c>qdrant</c> set, in one reconcile loop: terminating pods
/// stop their Qdrant node after <see cref="KubernetesOptions.PodTerminationDelay"/> and disappear; nodes without
/// a pod are stopped; claims being deleted are released (<see cref="ClaimProtection"/>); new pods start their node
/// after <see cref="KubernetesOptions.PodStartupDelay"/>; pods are created and condemned per
/// <c>podManagementPolicy</c>; status follows the pods. Readiness is the <see cref="ReadinessProber"/>'s.
/// </summary>
internal sealed class StatefulSetController : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    private readonly KubeStore _store;
    private readonly IQdrantNodes _nodes;
    private readonly KubernetesOptions _options;
    private readonly WorkloadControllers _workloads;
    private readonly ClaimProtection _claims;
    private readonly Dictionary<string, DateTime> _startAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _goneAt = new(StringComparer.Ordinal);

    // Which pod (uid) each node runs for; a running node that belongs to no current pod is stopped.
    private readonly string?[] _nodeOwner;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public StatefulSetController(KubeStore store, IQdrantNodes nodes, KubernetesOptions options)
    {
        _store = store;
        _nodes = nodes;
        _options = options;
        _workloads = new WorkloadControllers(store, options);
        _claims = new ClaimProtection(store, nodes);
        _nodeOwner = new string?[nodes.Count];
    }

    /// <summary>Adopts the nodes of pods that were running at the last exit, reconciles once (so nodes without a pod are stopped before the lab reports ready), then loops.</summary>
    public async Task StartAsync()
    {
        if (Set() is { } set)
        {
            foreach (var (ordinal, pod) in Owned(set))
            {
                if (ordinal < _nodes.Count && PodPhases.Phase(pod) == "Running" && _nodes.IsRunning(ordinal))
                {
                    _nodeOwner[ordinal] = pod.Uid();
                }
            }
        }

        await ReconcileAsync().ConfigureAwait(false);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Asks for a reconcile now instead of at the next tick (after an API write or a readiness change).</summary>
    public void Poke()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is already pending.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _wake.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(Tick, _stop.Token).ConfigureAwait(false);
                await ReconcileAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The next tick tries again, as a real controller requeues.
                await Console.Error.WriteLineAsync($"Kubernetes lab: StatefulSet controller: {ex.Message}").ConfigureAwait(false);
            }
        }
    }

    private async Task ReconcileAsync()
    {
        _workloads.Reconcile();
        if (Set() is not { } set)
        {
            // The set was deleted (its pods go with the garbage collector): no pod, no running node. A set created
            // again under the same name (a configuration restore) gets its pods, and their nodes, back.
            await StopStrayNodesAsync([]).ConfigureAwait(false);
            return;
        }

        var pods = Owned(set);
        await FinishTerminationsAsync(set, pods).ConfigureAwait(false);
        await StopStrayNodesAsync(pods).ConfigureAwait(false);
        await _claims.ReleaseAsync(set).ConfigureAwait(false);
        await StartContainersAsync(set, pods).ConfigureAwait(false);
        Scale(set, pods);
        UpdateStatus();
    }

    private async Task FinishTerminationsAsync(JsonObject set, SortedDictionary<int, JsonObject> pods)
    {
        var now = DateTime.UtcNow;
        foreach (var (ordinal, pod) in pods.Where(p => p.Value.IsTerminating()).ToList())
        {
            var uid = pod.Uid();
            if (!_goneAt.TryGetValue(uid, out var goneAt))
            {
                var immediate = pod.Metadata()["deletionGracePeriodSeconds"].AsLong() == 0;
                _goneAt[uid] = goneAt = now + (immediate ? TimeSpan.Zero : _options.PodTerminationDelay);
            }

            if (now < goneAt)
            {
                continue;
            }

            if (ordinal < _nodes.Count && _nodeOwner[ordinal] == uid)
            {
                await _nodes.StopAsync(ordinal).ConfigureAwait(false);
                _nodeOwner[ordinal] = null;
            }

            _store.Remove(ResourceTypes.Pods, pod.Namespace(), pod.Name());
            _goneAt.Remove(uid);
            _startAt.Remove(uid);
            pods.Remove(ordinal);
            if (ordinal >= StatefulSetSpec.Replicas(set) && set["spec"]?["persistentVolumeClaimRetentionPolicy"]?["whenScaled"]?.GetValue<string>() == "Delete")
            {
                foreach (var template in StatefulSetPods.ClaimTemplates(set))
                {
                    _store.TryUpdate(ResourceTypes.PersistentVolumeClaims, set.Namespace(), StatefulSetPods.ClaimName(template, set, ordinal), claim =>
                    {
                        if (claim.IsTerminating())
                        {
                            return StoreChange.None;
                        }

                        claim.Metadata()["deletionTimestamp"] = KubeTime.Now();
                        claim.Metadata()["deletionGracePeriodSeconds"] = 0;
                        return StoreChange.MetadataOrStatus;
                    });
                }
            }
        }
    }

    private async Task StopStrayNodesAsync(SortedDictionary<int, JsonObject> pods)
    {
        for (var i = 0; i < _nodes.Count; i++)
        {
            if (_nodes.IsRunning(i) && !(pods.TryGetValue(i, out var pod) && pod.Uid() == _nodeOwner[i]))
            {
                await _nodes.StopAsync(i).ConfigureAwait(false);
                _nodeOwner[i] = null;
            }
        }
    }

    private async Task StartContainersAsync(JsonObject set, SortedDictionary<int, JsonObject> pods)
    {
        var now = DateTime.UtcNow;
        foreach (var (ordinal, pod) in pods.Where(p => !p.Value.IsTerminating() && PodPhases.Phase(p.Value) == "Pending").ToList())
        {
            var uid = pod.Uid();
            if (!_startAt.TryGetValue(uid, out var startAt))
            {
                _startAt[uid] = startAt = now + _options.PodStartupDelay;
            }

            if (now < startAt)
            {
                continue;
            }

            if (ordinal >= _nodes.Count)
            {
                var message = $"0/{ClusterLayout.NodeCount} nodes are available: the lab runs {_nodes.Count} Qdrant nodes, none for ordinal {ordinal}.";
                _store.TryUpdate(ResourceTypes.Pods, pod.Namespace(), pod.Name(), p => p.Uid() == uid && PodPhases.Unschedulable(p, message) ? StoreChange.MetadataOrStatus : StoreChange.None);
                continue;
            }

            // A pod waits (ContainerCreating) until every claim it mounts exists and is not being deleted.
            var claimsReady = StatefulSetPods.ClaimTemplates(set)
                .Select(t => _store.Get(ResourceTypes.PersistentVolumeClaims, set.Namespace(), StatefulSetPods.ClaimName(t, set, ordinal)))
                .All(c => c is not null && !c.IsTerminating());
            if (!claimsReady)
            {
                continue;
            }

            await _nodes.StartAsync(ordinal).ConfigureAwait(false);
            _nodeOwner[ordinal] = uid;
            var podIp = ClusterLayout.PodIp(ClusterLayout.NodeOf(ordinal));
            _store.TryUpdate(ResourceTypes.Pods, pod.Namespace(), pod.Name(), p =>
            {
                if (p.Uid() != uid)
                {
                    return StoreChange.None;
                }

                PodPhases.Started(p, podIp);
                return StoreChange.MetadataOrStatus;
            });
        }
    }

    private void Scale(JsonObject set, SortedDictionary<int, JsonObject> pods)
    {
        var replicas = StatefulSetSpec.Replicas(set);
        if (set["spec"]?["podManagementPolicy"]?.GetValue<string>() == PodManagementPolicies.Parallel)
        {
            for (var i = 0; i < replicas; i++)
            {
                if (!pods.ContainsKey(i))
                {
                    CreatePod(set, i);
                }
            }

            foreach (var pod in pods.Where(p => p.Key >= replicas && !p.Value.IsTerminating()).Select(p => p.Value))
            {
                Condemn(pod);
            }

            return;
        }

        // OrderedReady: create the lowest missing ordinal only once every lower one is Running and Ready;
        // remove the highest condemned one only when none is terminating and the ones below are healthy.
        for (var i = 0; i < replicas; i++)
        {
            if (!pods.TryGetValue(i, out var pod))
            {
                CreatePod(set, i);
                return;
            }

            if (pod.IsTerminating() || !PodPhases.IsReady(pod))
            {
                return;
            }
        }

        var condemned = pods.Where(p => p.Key >= replicas).OrderByDescending(p => p.Key).Select(p => p.Value).ToList();
        if (condemned.Count == 0 || condemned.Any(p => p.IsTerminating()))
        {
            return;
        }

        var firstUnhealthy = pods.Values.FirstOrDefault(p => !PodPhases.IsReady(p));
        var target = condemned[0];
        if (PodPhases.IsReady(target) || target == firstUnhealthy)
        {
            Condemn(target);
        }
    }

    private void CreatePod(JsonObject set, int ordinal)
    {
        foreach (var template in StatefulSetPods.ClaimTemplates(set))
        {
            if (_store.Get(ResourceTypes.PersistentVolumeClaims, set.Namespace(), StatefulSetPods.ClaimName(template, set, ordinal)) is null)
            {
                var claim = _store.Create(ResourceTypes.PersistentVolumeClaims, StatefulSetPods.NewClaim(set, template, ordinal, Guid.NewGuid().ToString()));
                _store.Create(ResourceTypes.PersistentVolumes, StatefulSetPods.NewVolume(claim));
            }
        }

        _store.Create(ResourceTypes.Pods, StatefulSetPods.NewPod(set, ordinal));
    }

    private void Condemn(JsonObject pod) =>
        _store.TryUpdate(ResourceTypes.Pods, pod.Namespace(), pod.Name(), p =>
        {
            if (p.IsTerminating())
            {
                return StoreChange.None;
            }

            PodPhases.MarkTerminating(p, p["spec"]?["terminationGracePeriodSeconds"].AsLong() ?? 30);
            return StoreChange.MetadataOrStatus;
        });

    /// <summary>status.* from the pods as they are now; observedGeneration catches up with the generation this pass acted on.</summary>
    private void UpdateStatus()
    {
        if (Set() is not { } current)
        {
            return;
        }

        StatefulSetStatus.Update(_store, current, Owned(current).Values);
    }

    private JsonObject? Set() => _store.Get(ResourceTypes.StatefulSets, ClusterLayout.Namespace, ClusterLayout.StatefulSet);

    private SortedDictionary<int, JsonObject> Owned(JsonObject set)
    {
        var owned = new SortedDictionary<int, JsonObject>();
        foreach (var pod in _store.List(ResourceTypes.Pods, set.Namespace()).Items)
        {
            if (StatefulSetPods.OwnedOrdinal(set, pod) is { } ordinal)
            {
                owned[ordinal] = pod;
            }
        }

        return owned;
    }
}
