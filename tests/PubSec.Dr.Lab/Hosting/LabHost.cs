using PubSec.Dr.Lab.Application;
using PubSec.Dr.Lab.Auth;
using PubSec.Dr.Lab.Cluster;
using PubSec.Dr.Lab.Kubernetes;

namespace PubSec.Dr.Lab.Hosting;

/// <summary>
/// The running lab: the admin API and every node's listeners over one shared cluster. First start binds free
/// ports and persists them (with the peer ids) in cluster.json, so a restart on the same --data comes back at
/// the same addresses with the same data.
/// </summary>
internal sealed partial class LabHost : IAsyncDisposable
{
    private readonly SemaphoreSlim _admin = new(1, 1);
    private readonly TaskCompletionSource _shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<NodeServer> _servers;
    private readonly AdminServer _adminServer;
    private int _adminPort;
    private KubernetesLab? _kubernetes;
    private System.Text.Json.Nodes.JsonObject? _kubernetesEndpoints;
    private AppServer? _application;

    // endpoints.json means "ready": node stops during startup (the Kubernetes controller's first pass) must not write it early.
    private bool _started;

    private LabHost(LabCluster cluster)
    {
        Cluster = cluster;
        var policy = new ApiKeyPolicy(cluster.Options.ApiKey, cluster.Options.ReadOnlyApiKey);
        _servers = cluster.Nodes.Select(node => new NodeServer(cluster, node, policy)).ToList();
        _adminServer = new AdminServer(this);
    }

    public LabCluster Cluster { get; }

    /// <summary>The emulated Kubernetes cluster, once started.</summary>
    public KubernetesLab? Kubernetes => _kubernetes;

    public string AdminUri => $"http://127.0.0.1:{_adminPort}";

    /// <summary>The region's application stub, when the lab was started with <c>--app-port</c>.</summary>
    public AppServer? Application => _application;

    /// <summary>Completes when someone asked the lab to exit (POST /lab/shutdown or a signal).</summary>
    public Task ShutdownRequested => _shutdown.Task;

    public static async Task<LabHost> StartAsync(LabOptions options)
    {
        Directory.CreateDirectory(options.DataDirectory);
        EndpointsFile.Delete(options.DataDirectory);
        var consensus = Consensus.LoadOrCreate(options.DataDirectory, options.Nodes);
        var host = new LabHost(new LabCluster(options, consensus));
        try
        {
            host._adminPort = await host._adminServer.StartAsync(consensus.AdminPort).ConfigureAwait(false);
            var ports = new List<(int RestPort, int GrpcPort)>();
            foreach (var (server, node) in host._servers.Zip(host.Cluster.Nodes))
            {
                Directory.CreateDirectory(node.Paths.Storage);
                Directory.CreateDirectory(node.Paths.Snapshots);
                ports.Add(await server.StartAsync(node.RestPort, node.GrpcPort).ConfigureAwait(false));
            }

            consensus.SetPorts(host._adminPort, ports);
            host.Cluster.Transfers.HealDeadReplicas();

            // After the nodes: the StatefulSet controller stops the nodes whose pods are gone before anyone sees endpoints.json.
            host._kubernetes = await KubernetesLab.StartAsync(new LabHostNodes(host), options.Kubernetes, options.DataDirectory, options.Version, options.ApiKey)
                .ConfigureAwait(false);

            // After the cluster: the stub listens only while the Deployment api has a ready replica.
            if (options.App.Enabled)
            {
                // Read through the host: a region outage replaces the emulated cluster (closed while down, reloaded from disk).
                host._application = new AppServer(options.App, host.Cluster, () => host._kubernetes is { } kubernetes && ApiDeployment.HasReadyReplica(kubernetes.Store),
                    () => host._kubernetes?.Store);
                await host._application.StartAsync().ConfigureAwait(false);
            }

            await host._admin.WaitAsync().ConfigureAwait(false);
            try
            {
                host._started = true;
                host.WriteEndpoints();
            }
            finally
            {
                host._admin.Release();
            }

            return host;
        }
        catch
        {
            await host.StopListenersAsync().ConfigureAwait(false);
            throw;
        }
    }

    public void RequestShutdown() => _shutdown.TrySetResult();

    public async Task<LabNode> StopNodeAsync(int index)
    {
        await _admin.WaitAsync().ConfigureAwait(false);
        try
        {
            await _servers[index].StopAsync().ConfigureAwait(false);
            WriteEndpoints();
            return Cluster.Nodes[index];
        }
        finally
        {
            _admin.Release();
        }
    }

    /// <summary>Rebinds the node's persisted ports; its replicas that missed writes meanwhile are re-synced by transfers.</summary>
    public async Task<LabNode> StartNodeAsync(int index)
    {
        await _admin.WaitAsync().ConfigureAwait(false);
        try
        {
            var node = Cluster.Nodes[index];
            if (!_servers[index].IsRunning)
            {
                Directory.CreateDirectory(node.Paths.Storage);
                Directory.CreateDirectory(node.Paths.Snapshots);
                await _servers[index].StartAsync(node.RestPort, node.GrpcPort).ConfigureAwait(false);
                Cluster.Transfers.HealDeadReplicas();
                WriteEndpoints();
            }

            return node;
        }
        finally
        {
            _admin.Release();
        }
    }

    /// <summary>Deletes a stopped node's storage, like losing its volume; its snapshots folder is kept.</summary>
    public async Task<LabNode> WipeNodeAsync(int index)
    {
        await _admin.WaitAsync().ConfigureAwait(false);
        try
        {
            var node = Cluster.Nodes[index];
            if (_servers[index].IsRunning)
            {
                throw new AdminException(409, $"Node {index} is running; stop it before wiping its storage.");
            }

            if (Directory.Exists(node.Paths.Storage))
            {
                Directory.Delete(node.Paths.Storage, recursive: true);
            }

            return node;
        }
        finally
        {
            _admin.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopListenersAsync().ConfigureAwait(false);
        EndpointsFile.Delete(Cluster.Options.DataDirectory);
        _admin.Dispose();
    }

    private void WriteEndpoints()
    {
        if (_started)
        {
            // While the region is down the cluster's entry stays (same address), as a kubeconfig outlives an outage.
            _kubernetesEndpoints = _kubernetes?.Endpoints ?? _kubernetesEndpoints;
            EndpointsFile.Write(Cluster, _adminPort, _kubernetesEndpoints?.DeepClone().AsObject(), _application?.Endpoints);
        }
    }

    private async Task StopListenersAsync()
    {
        if (_application is { } application)
        {
            _application = null;
            await application.DisposeAsync().ConfigureAwait(false);
        }

        // The emulated cluster first, so its controller does not start or stop nodes while they shut down.
        if (_kubernetes is { } kubernetes)
        {
            _kubernetes = null;
            await kubernetes.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var server in _servers)
        {
            await server.StopAsync().ConfigureAwait(false);
        }

        await _adminServer.StopAsync().ConfigureAwait(false);
    }
}
