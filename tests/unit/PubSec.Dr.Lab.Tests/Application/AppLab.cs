using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Application;
using PubSec.Dr.Lab.Hosting;
using PubSec.Dr.Lab.Kubernetes;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests.Application;

/// <summary>A 3-node lab running the application stub of region <c>secondary</c> on 127.0.0.2 against a fake Redis.</summary>
public sealed class AppLab : IAsyncDisposable
{
    public const string Region = "secondary";
    public const string Collection = "documents";

    private AppLab(LabHost host, string data, FakeRedis redis, string passwordFile, int port)
    {
        Host = host;
        DataDirectory = data;
        Redis = redis;
        PasswordFile = passwordFile;
        Port = port;
        App = new HttpClient { BaseAddress = new Uri($"http://127.0.0.2:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        Admin = new HttpClient { BaseAddress = new Uri(host.AdminUri) };
    }

    internal LabHost Host { get; }

    public string DataDirectory { get; }

    public FakeRedis Redis { get; private set; }

    public string PasswordFile { get; }

    public int Port { get; }

    public HttpClient App { get; }

    public HttpClient Admin { get; }

    public static async Task<AppLab> StartAsync()
    {
        var data = Path.Combine(Path.GetTempPath(), "pubsec-lab-tests", "app-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(data);
        var redis = new FakeRedis("app-lab-redis-password");
        var passwordFile = Path.Combine(data, "redis.key");
        await File.WriteAllTextAsync(passwordFile, redis.Password + "\n");
        var port = FreePort();
        var host = await LabHost.StartAsync(new LabOptions
        {
            DataDirectory = data,
            Nodes = 3,
            ApiKey = LabInstance.ApiKey,
            TransferDuration = TimeSpan.FromMilliseconds(300),
            Kubernetes = new KubernetesOptions { PodStartupDelay = TimeSpan.FromMilliseconds(100), PodTerminationDelay = TimeSpan.FromMilliseconds(250), ProbePeriod = TimeSpan.FromMilliseconds(50) },
            App = new AppOptions { Region = Region, Address = "127.0.0.2", Port = port, Redis = redis.Endpoint, RedisPasswordFile = passwordFile, Collection = Collection },
        });
        return new AppLab(host, data, redis, passwordFile, port);
    }

    public QdrantRest Rest(int node)
    {
        var http = new HttpClient { BaseAddress = new Uri(Host.Cluster.Nodes[node].RestUri) };
        http.DefaultRequestHeaders.Add("api-key", LabInstance.ApiKey);
        return new QdrantRest(http);
    }

    /// <summary>Sets the Deployment api's replicas and ready count directly in the store, as a scale and its rollout would.</summary>
    public void ScaleApi(int replicas) =>
        Host.Kubernetes!.Store.Update(ResourceTypes.Deployments, ClusterLayout.Namespace, ApiDeployment.Name, deployment =>
        {
            deployment["spec"]!["replicas"] = replicas;
            deployment["status"]!["readyReplicas"] = replicas;
            return StoreChange.Spec;
        });

    public async Task StopRedisAsync() => await Redis.DisposeAsync();

    /// <summary>True when 127.0.0.2:port accepts a TCP connection.</summary>
    public async Task<bool> AcceptsAsync()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Parse("127.0.0.2"), Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async Task<(HttpStatusCode Status, string? Region, JsonNode? Body)> GetAsync(string path)
    {
        using var response = await App.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Headers.TryGetValues(AppRoutes.RegionHeader, out var values) ? values.Single() : null, JsonNode.Parse(text));
    }

    public async ValueTask DisposeAsync()
    {
        App.Dispose();
        Admin.Dispose();
        await Host.DisposeAsync();
        await Redis.DisposeAsync();
        LabInstance.TryDelete(DataDirectory);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
