using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The emulated Kubernetes cluster inside the lab process: the object store (kubernetes.json), the API
/// listener, the kubeconfig, the StatefulSet controller and the readiness prober, wired to the lab's Qdrant
/// nodes. Started after the nodes and stopped before them.
/// </summary>
internal sealed class KubernetesLab : IAsyncDisposable
{
    private readonly CancellationTokenSource _shutdown = new();
    private readonly StatefulSetController _controller;
    private readonly ReadinessProber _prober;
    private readonly KubeApiServer _server;

    private KubernetesLab(KubeStore store, KubeStateFile state, LabPki pki, IQdrantNodes nodes, KubernetesOptions options, string dataDirectory)
    {
        Pki = pki;
        Store = store;
        State = state;
        DataDirectory = dataDirectory;
        Options = options;
        _controller = new StatefulSetController(store, nodes, options);
        _prober = new ReadinessProber(store, nodes, options, _controller.Poke);
        var writes = new ObjectWrites(store, _controller.Poke);
        var api = new KubeApi(store, new StatefulSetWrites(store, _controller.Poke), new DeploymentScaleWrites(store, writes), new ObjectDeletes(store, _controller.Poke), writes, _shutdown.Token);
        _server = new KubeApiServer(api, state.Token, pki);
    }

    public KubeStore Store { get; }

    private KubernetesOptions Options { get; }

    public LabPki Pki { get; }

    private KubeStateFile State { get; }

    private string DataDirectory { get; }

    public string ApiUri => $"https://127.0.0.1:{State.Port}";

    public string KubeconfigPath => KubeconfigFile.PathIn(DataDirectory);

    /// <summary>The <c>kubernetes</c> entry of endpoints.json.</summary>
    public JsonObject Endpoints => new()
    {
        ["api"] = ApiUri,
        ["kubeconfig"] = KubeconfigPath,
        ["context"] = Options.ContextName,
        ["namespace"] = ClusterLayout.Namespace,
    };

    /// <summary>Loads (or seeds) the cluster and its certificates, binds the persisted port (a free one on first start), writes the kubeconfig and starts the controllers.</summary>
    public static async Task<KubernetesLab> StartAsync(IQdrantNodes nodes, KubernetesOptions options, string dataDirectory, string qdrantVersion, string? qdrantApiKey)
    {
        var state = KubeStateFile.LoadOrCreate(dataDirectory);
        var pki = LabPki.LoadOrCreate(dataDirectory);
        var store = new KubeStore(state);
        if (state.IsNew)
        {
            ClusterSeed.Fill(store, new SeedSettings(nodes.Count, qdrantVersion, qdrantApiKey, options.PodManagementPolicy));
        }
        else
        {
            ClusterSeed.AddMissing(store);
        }

        var lab = new KubernetesLab(store, state, pki, nodes, options, dataDirectory);
        try
        {
            var port = await lab._server.StartAsync(state.Port).ConfigureAwait(false);
            if (port != state.Port)
            {
                state.Port = port;
                store.Save();
            }

            KubeconfigFile.Write(dataDirectory, options.ContextName, lab.ApiUri, state.Token, pki);
            await lab._controller.StartAsync().ConfigureAwait(false);
            lab._prober.Start();
            return lab;
        }
        catch
        {
            await lab.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Marks a Node NotReady (unreachable) or Ready again; null when there is no such node.</summary>
    public JsonObject? SetNodeReady(string name, bool ready)
    {
        var node = NodeConditions.Set(Store, name, ready);
        _controller.Poke();
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        await _prober.DisposeAsync().ConfigureAwait(false);
        await _controller.DisposeAsync().ConfigureAwait(false);
        await _server.StopAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }
}
