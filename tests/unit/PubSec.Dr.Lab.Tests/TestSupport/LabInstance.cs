using System.Net.Http.Headers;
using PubSec.Dr.Lab.Hosting;
using Qdrant.Client;

namespace PubSec.Dr.Lab.Tests.TestSupport;

/// <summary>
/// A lab started in-process on its own temporary --data folder, with one REST client per node (sending the
/// read-write key) and helpers for admin calls and the real Qdrant gRPC client. Disposing stops it and
/// deletes the folder.
/// </summary>
public sealed class LabInstance : IAsyncDisposable
{
    public const string ApiKey = "lab-test-key";
    public const string ReadOnlyKey = "lab-read-key";

    private readonly LabHost _host;
    private readonly List<QdrantClient> _grpcClients = [];

    private LabInstance(LabHost host, string dataDirectory)
    {
        _host = host;
        DataDirectory = dataDirectory;
        Admin = new HttpClient { BaseAddress = new Uri(host.AdminUri) };
    }

    public string DataDirectory { get; }

    public HttpClient Admin { get; }

    internal LabHost Host => _host;

    public int NodeCount => _host.Cluster.Nodes.Count;

    /// <summary>Transfers last 1.5 s by default: long enough that a test can observe one even on a loaded CI machine.</summary>
    public static async Task<LabInstance> StartAsync(int nodes = 3, string? dataDirectory = null, TimeSpan? transferDuration = null)
    {
        var data = dataDirectory ?? Path.Combine(Path.GetTempPath(), "pubsec-lab-tests", Guid.NewGuid().ToString("N")[..12]);
        var host = await LabHost.StartAsync(new LabOptions
        {
            DataDirectory = data,
            Nodes = nodes,
            ApiKey = ApiKey,
            ReadOnlyApiKey = ReadOnlyKey,
            TransferDuration = transferDuration ?? TimeSpan.FromMilliseconds(1500),
        });
        return new LabInstance(host, data);
    }

    public Uri RestUri(int node) => new(_host.Cluster.Nodes[node].RestUri);

    public Uri GrpcUri(int node) => new(_host.Cluster.Nodes[node].GrpcUri);

    public ulong PeerId(int node) => _host.Cluster.Nodes[node].PeerId;

    public string SnapshotsPath(int node) => _host.Cluster.Nodes[node].Paths.Snapshots;

    public string ShardDirectory(int node, string collection, int shard) => _host.Cluster.Nodes[node].ShardDirectory(collection, shard);

    /// <summary>A REST client for one node; <paramref name="key"/> null sends no credential.</summary>
    public QdrantRest Rest(int node, string? key = ApiKey)
    {
        var http = new HttpClient { BaseAddress = RestUri(node), Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add("api-key", key);
        }

        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return new QdrantRest(http);
    }

    public QdrantClient Grpc(int node, string? key = ApiKey)
    {
        var client = new QdrantClient(GrpcUri(node), key);
        _grpcClients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _grpcClients)
        {
            client.Dispose();
        }

        Admin.Dispose();
        await _host.DisposeAsync();
        TryDelete(DataDirectory);
    }

    public static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A background task may still hold a temp file; the OS temp folder is cleaned eventually.
        }
    }
}
