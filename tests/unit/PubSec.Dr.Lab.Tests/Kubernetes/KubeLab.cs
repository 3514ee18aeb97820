using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using PubSec.Dr.Lab.Hosting;
using PubSec.Dr.Lab.Kubernetes;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>
/// A lab with fast pod transitions, reached as the product will reach it: the real KubernetesClient built from
/// the lab's kubeconfig, plus a raw HTTPS client (trusting only the kubeconfig's CA, same bearer token) for pinning
/// exact wire shapes, and Qdrant REST clients per node.
/// </summary>
public sealed class KubeLab : IAsyncDisposable
{
    public const string Namespace = "pubsec-info-assistant";
    public const string ApiKey = "kube-lab-key";

    private readonly LabHost _host;
    private readonly bool _keepData;

    private KubeLab(LabHost host, string dataDirectory, bool keepData)
    {
        _host = host;
        _keepData = keepData;
        DataDirectory = dataDirectory;
        Endpoints = JsonNode.Parse(File.ReadAllText(Path.Combine(dataDirectory, "endpoints.json")))!["kubernetes"]!.AsObject();
        Config = KubernetesClientConfiguration.BuildConfigFromConfigFile(Endpoints["kubeconfig"]!.GetValue<string>());
        Client = new k8s.Kubernetes(Config);
        Api = NewApiClient();
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Config.AccessToken);
    }

    public string DataDirectory { get; }

    /// <summary>The lab's admin API (node stop/start, Kubernetes node readiness).</summary>
    public Uri AdminUri => new(_host.AdminUri);

    /// <summary>The <c>kubernetes</c> entry of endpoints.json.</summary>
    public JsonObject Endpoints { get; }

    public KubernetesClientConfiguration Config { get; }

    public IKubernetes Client { get; }

    /// <summary>Raw HTTP to the API with the kubeconfig's bearer token.</summary>
    public HttpClient Api { get; }

    /// <summary>A raw HTTPS client for the API that trusts only the lab CA, without credentials unless a client certificate is given.</summary>
    public HttpClient NewApiClient(X509Certificate2? clientCertificate = null)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(Config.SslCaCerts);
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return new HttpClient(handler) { BaseAddress = new Uri(Endpoints["api"]!.GetValue<string>()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<KubeLab> StartAsync(string? dataDirectory = null, string podManagementPolicy = PodManagementPolicies.Parallel, bool keepData = false, string? contextName = null)
    {
        var data = dataDirectory ?? Path.Combine(Path.GetTempPath(), "pubsec-lab-tests", "k8s-" + Guid.NewGuid().ToString("N")[..10]);
        var host = await LabHost.StartAsync(new LabOptions
        {
            DataDirectory = data,
            Nodes = 3,
            ApiKey = ApiKey,
            TransferDuration = TimeSpan.FromMilliseconds(300),
            Kubernetes = new KubernetesOptions
            {
                PodManagementPolicy = podManagementPolicy,
                PodStartupDelay = TimeSpan.FromMilliseconds(100),
                PodTerminationDelay = TimeSpan.FromMilliseconds(250),
                ProbePeriod = TimeSpan.FromMilliseconds(50),
                ContextName = contextName ?? KubeconfigFile.DefaultContext,
            },
        });
        return new KubeLab(host, data, keepData);
    }

    public Uri RestUri(int node) => new(_host.Cluster.Nodes[node].RestUri);

    public string StoragePath(int node) => _host.Cluster.Nodes[node].Paths.Storage;

    public QdrantRest Rest(int node)
    {
        var http = new HttpClient { BaseAddress = RestUri(node), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("api-key", ApiKey);
        return new QdrantRest(http);
    }

    public async Task<List<V1Pod>> QdrantPodsAsync() =>
        (await Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: "app=qdrant")).Items.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();

    public Task<V1StatefulSet> StatefulSetAsync() => Client.AppsV1.ReadNamespacedStatefulSetAsync("qdrant", Namespace);

    public Task<V1Scale> ScaleToAsync(int replicas) =>
        Client.AppsV1.PatchNamespacedStatefulSetScaleAsync(new V1Patch($"{{\"spec\":{{\"replicas\":{replicas}}}}}", V1Patch.PatchType.MergePatch), "qdrant", Namespace);

    /// <summary>Waits until the set reports <paramref name="ready"/> ready replicas with exactly that many pods.</summary>
    public Task<V1StatefulSet> WaitForReadyAsync(int ready, double timeoutSeconds = 10) =>
        Poll.UntilAsync(StatefulSetAsync,
            s => s.Status.ReadyReplicas.GetValueOrDefault() == ready && s.Status.Replicas == ready && s.Status.ObservedGeneration == s.Metadata.Generation,
            $"{ready} ready replicas", timeoutSeconds);

    public Task<List<V1Pod>> WaitForPodsAsync(Func<List<V1Pod>, bool> done, string what, double timeoutSeconds = 10) =>
        Poll.UntilAsync(QdrantPodsAsync, done, what, timeoutSeconds);

    /// <summary>Sends a raw request and returns status and parsed JSON body.</summary>
    public async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await Api.SendAsync(request);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    public static async Task<bool> AcceptsConnectionsAsync(Uri uri)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(uri.Host, uri.Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Api.Dispose();
        await _host.DisposeAsync();
        if (!_keepData)
        {
            LabInstance.TryDelete(DataDirectory);
        }
    }
}
