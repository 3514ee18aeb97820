using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Kubernetes;

namespace PubSec.Dr.Lab.Hosting;

/// <summary>
/// A whole-region outage (POST /lab/region/down and /lab/region/up): what a failover drill needs from the lab.
/// Down closes every listener of the region but the admin API: the application stub, the Kubernetes API (its
/// controllers stop too, as a control plane without power does) and every Qdrant node, so clients get connection
/// refused. Everything stays on disk (cluster.json, kubernetes.json, node storage). Up starts the nodes on the same
/// ports with their data, reloads the emulated cluster from disk on the same port (pods Ready again once their nodes
/// answer) and reopens the application stub when the Deployment <c>api</c> has a ready replica.
/// </summary>
internal sealed partial class LabHost
{
    // Serializes down/up. Not the node lock (_admin): the Kubernetes controller stops and starts nodes through it,
    // so the cluster is stopped and started outside it.
    private readonly SemaphoreSlim _region = new(1, 1);

    /// <summary>True between region down and region up.</summary>
    public bool RegionDown { get; private set; }

    public JsonObject RegionStatus() => new()
    {
        ["down"] = RegionDown,
        ["kubernetes"] = _kubernetes is not null,
        ["application"] = _application?.IsListening ?? false,
        ["nodes"] = new JsonArray(Cluster.Nodes.Select(n => (JsonNode)new JsonObject { ["index"] = n.Index, ["running"] = n.Running }).ToArray()),
    };

    public async Task<JsonObject> SetRegionDownAsync()
    {
        await _region.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!RegionDown)
            {
                RegionDown = true;
                if (_application is { } application)
                {
                    await application.StopByAdminAsync().ConfigureAwait(false);
                }

                // The cluster before the nodes, so its controller does not react to the nodes going away.
                if (_kubernetes is { } kubernetes)
                {
                    _kubernetes = null;
                    await kubernetes.DisposeAsync().ConfigureAwait(false);
                }

                for (var index = 0; index < _servers.Count; index++)
                {
                    await StopNodeAsync(index).ConfigureAwait(false);
                }
            }

            return RegionStatus();
        }
        finally
        {
            _region.Release();
        }
    }

    public async Task<JsonObject> SetRegionUpAsync()
    {
        await _region.WaitAsync().ConfigureAwait(false);
        try
        {
            if (RegionDown)
            {
                // As at process start: nodes first (same ports, same data), then the cluster, whose controller stops
                // again any node without a pod (a scaled-down set stays scaled down), then the application.
                for (var index = 0; index < _servers.Count; index++)
                {
                    await StartNodeAsync(index).ConfigureAwait(false);
                }

                var options = Cluster.Options;
                _kubernetes = await KubernetesLab.StartAsync(new LabHostNodes(this), options.Kubernetes, options.DataDirectory, options.Version, options.ApiKey)
                    .ConfigureAwait(false);
                RegionDown = false;
                if (_application is { } application)
                {
                    await application.StartByAdminAsync().ConfigureAwait(false);
                }
            }

            return RegionStatus();
        }
        finally
        {
            _region.Release();
        }
    }
}
