using System.Net;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The readiness probe of the Qdrant pods: <c>GET /readyz</c> on the node's REST port every
/// <see cref="KubernetesOptions.ProbePeriod"/>. A Running pod turns Ready only when it answers 200. Once Ready,
/// a pod stays Ready while its node answers at all, because real Qdrant latches /readyz once it has passed
/// (src/common/health.rs); the lab's /readyz does not, and would otherwise flip every pod NotReady whenever a
/// peer stops. Three failed connections in a row (failureThreshold) turn it NotReady.
/// </summary>
internal sealed class ReadinessProber : IAsyncDisposable
{
    private const int FailureThreshold = 3;

    private readonly KubeStore _store;
    private readonly IQdrantNodes _nodes;
    private readonly KubernetesOptions _options;
    private readonly Action _changed;
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(1) };
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public ReadinessProber(KubeStore store, IQdrantNodes nodes, KubernetesOptions options, Action changed)
    {
        _store = store;
        _nodes = nodes;
        _options = options;
        _changed = changed;
    }

    public void Start() => _loop = Task.Run(LoopAsync);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _http.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_options.ProbePeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                var set = _store.Get(ResourceTypes.StatefulSets, ClusterLayout.Namespace, ClusterLayout.StatefulSet);
                if (set is null)
                {
                    continue;
                }

                var probes = _store.List(ResourceTypes.Pods, set.Namespace()).Items
                    .Where(p => !p.IsTerminating() && PodPhases.Phase(p) == "Running" && StatefulSetPods.OwnedOrdinal(set, p) is { } i && i < _nodes.Count)
                    .Select(p => ProbeAsync(p, StatefulSetPods.OwnedOrdinal(set, p)!.Value))
                    .ToList();
                var changed = await Task.WhenAll(probes).ConfigureAwait(false);
                if (changed.Any(c => c))
                {
                    _changed();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Lab shutting down.
        }
    }

    /// <summary>Probes one pod; true when its readiness flipped.</summary>
    private async Task<bool> ProbeAsync(JsonObject pod, int ordinal)
    {
        var uid = pod.Uid();
        var ready = PodPhases.IsReady(pod);
        var status = await ReadyzAsync(_nodes.RestUri(ordinal)).ConfigureAwait(false);
        bool? flipTo = null;
        lock (_failures)
        {
            if (!ready && status == HttpStatusCode.OK)
            {
                flipTo = true;
            }
            else if (ready && status is null)
            {
                _failures[uid] = _failures.GetValueOrDefault(uid) + 1;
                if (_failures[uid] >= FailureThreshold)
                {
                    flipTo = false;
                }
            }

            if (status is not null || flipTo is not null)
            {
                _failures.Remove(uid);
            }
        }

        if (flipTo is not { } value)
        {
            return false;
        }

        var updated = _store.TryUpdate(ResourceTypes.Pods, pod.Namespace(), pod.Name(), p =>
            p.Uid() == uid && !p.IsTerminating() && PodPhases.SetReady(p, value) ? StoreChange.MetadataOrStatus : StoreChange.None);
        return updated is not null;
    }

    /// <summary>The probe's answer, or null when the node did not answer (closed port, timeout).</summary>
    private async Task<HttpStatusCode?> ReadyzAsync(string restUri)
    {
        try
        {
            using var response = await _http.GetAsync($"{restUri}/readyz", _stop.Token).ConfigureAwait(false);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!_stop.IsCancellationRequested)
        {
            return null;
        }
    }
}
