using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes;
using PubSec.Dr.Network;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Redis;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.Fakes;

namespace PubSec.Dr.Tests.Readiness;

/// <summary>A cluster inventory the test scripts: nodes, workloads, or a call that never returns (ignoring its token, as a stuck client would).</summary>
internal sealed class FakeInventory : IKubernetesInventoryConnector, IKubernetesInventory
{
    public List<KubernetesNodeState> Nodes { get; } = [new("node-a", "True"), new("node-b", "True")];

    public List<WorkloadReplicas> Workloads { get; } = [new("Deployment", "app", 2, 2), new("StatefulSet", "qdrant", 3, 3)];

    public bool Hang { get; set; }

    public KubernetesTarget Target { get; private set; } = new(null, null, "ns", "qdrant");

    public IKubernetesInventory KubernetesInventory(KubernetesTarget target, NetworkDeadlines? deadlines)
    {
        Target = target;
        return this;
    }

    public async Task<IReadOnlyList<KubernetesNodeState>> ListNodesAsync(CancellationToken ct)
    {
        if (Hang)
        {
            await new TaskCompletionSource().Task;
        }

        return Nodes;
    }

    public Task<IReadOnlyList<WorkloadReplicas>> ListWorkloadsAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<WorkloadReplicas>>(Workloads);

    public void Dispose()
    {
    }
}

/// <summary>Hands out one in-memory cluster whatever the connection says.</summary>
internal sealed class FakeQdrantConnector(IQdrantCluster cluster) : IQdrantConnector
{
    public IQdrantCluster Qdrant(QdrantConnection connection) => cluster;

    public IQdrantPoints QdrantPoints(QdrantConnection connection) => cluster.Points;
}

/// <summary>INFO replication per endpoint (host:port), or a DrException for an endpoint that is down.</summary>
internal sealed class ScriptedRedis : IRedisConnector
{
    public Dictionary<string, string> Info { get; } = [];

    public Task<IRedisServer> ConnectRedisAsync(RedisEndpoint endpoint, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IRedisReplicationLink> OpenRedisReplicationAsync(RedisEndpoint endpoint, CancellationToken cancellationToken) =>
        Info.TryGetValue(endpoint.Display, out var info)
            ? Task.FromResult<IRedisReplicationLink>(new Link(endpoint, info))
            : Task.FromException<IRedisReplicationLink>(new DrException(ErrorIds.RedisUnreachable, DrErrorCategory.ConnectionError,
                $"Redis at {endpoint.Display} cannot be reached: connection refused.", "Check the endpoint.", endpoint.Display));

    private sealed class Link(RedisEndpoint endpoint, string info) : IRedisReplicationLink
    {
        public RedisEndpoint Endpoint => endpoint;

        public Task<RedisServerInfo> InfoAsync(string? section, CancellationToken cancellationToken) => Task.FromResult(RedisServerInfo.Parse(info));

        public Task<RdbTransfer> RequestRdbAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>Answers probes per path from a table; unknown paths are refused connections. Records every request.</summary>
internal sealed class ScriptedHttp : IHttpProbeConnector
{
    public Dictionary<string, HttpProbeResult> Answers { get; } = [];

    public List<HttpProbeRequest> Requests { get; } = [];

    public static HttpProbeResult Ok(string body = "{}", double ms = 5, string? region = null) =>
        new(200, body, region is null ? new Dictionary<string, string>() : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-PubSec-Region"] = region },
            TimeSpan.FromMilliseconds(ms), null);

    public Task<HttpProbeResult> ProbeAsync(HttpProbeRequest request, CancellationToken ct)
    {
        lock (Requests)
        {
            Requests.Add(request);
        }

        return Task.FromResult(Answers.TryGetValue(request.Url.AbsolutePath, out var answer)
            ? answer
            : HttpProbeResult.Failed("Connection refused", TimeSpan.FromMilliseconds(1)));
    }
}

/// <summary>One region "secondary" (and a "primary" beside it) wired to fakes; tests change what the fakes answer.</summary>
internal sealed class ReadinessLab : IDisposable
{
    public const string PrimaryRedis = "127.0.0.1:7001";
    public const string SecondaryRedis = "127.0.0.1:7002";

    private readonly string _folder = Directory.CreateTempSubdirectory("readiness-").FullName;

    public ReadinessLab()
    {
        Qdrant.Seed("docs", 20, 3);
        Redis.Info[PrimaryRedis] = "role:master\r\nconnected_slaves:1\r\nslave0:ip=127.0.0.1,port=7002,state=online,offset=1000,lag=0\r\nmaster_repl_offset:1000\r\n";
        Redis.Info[SecondaryRedis] = "role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:7001\r\nmaster_link_status:up\r\nmaster_last_io_seconds_ago:1\r\nmaster_sync_in_progress:0\r\nslave_repl_offset:1000\r\n";
        Http.Answers["/ready"] = ScriptedHttp.Ok();
        Store = new FolderBackupStore(Path.Combine(_folder, "store"));
        Environment = DrEnvironmentLoader.Parse($$"""
            {
              "name": "test",
              "regions": {
                "primary": { "redis": { "endpoint": "{{PrimaryRedis}}" }, "application": { "baseUrl": "http://127.0.0.2:18080" } },
                "secondary": {
                  "kubernetes": { "context": "secondary-region", "namespace": "pubsec-info-assistant" },
                  "qdrant": { "rest": ["http://127.0.0.1:6333"] },
                  "redis": { "endpoint": "{{SecondaryRedis}}" },
                  "application": { "baseUrl": "http://127.0.0.3:18080" },
                  "store": { "location": "store" }
                },
                "locked": {
                  "qdrant": { "rest": ["http://127.0.0.1:6333"], "apiKeyVariable": "PUBSECDR_TEST_NEVER_SET_KEY" },
                  "store": { "location": "store" }
                }
              },
              "objectives": { "rpo": "00:30:00", "rpoMax": "01:00:00" }
            }
            """, Path.Combine(_folder, "env.json"));
    }

    public FakeInventory Kubernetes { get; } = new();

    public InMemoryQdrantCluster Qdrant { get; } = new(3);

    public ScriptedRedis Redis { get; } = new();

    public ScriptedHttp Http { get; } = new();

    public IBackupStore Store { get; }

    public DrEnvironment Environment { get; }

    public DateTime Now { get; set; } = new(2026, 12, 5, 2, 0, 0, DateTimeKind.Utc);

    public RegionReadinessCheckBuilder Check(string region = "secondary") => new(this, region);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    internal sealed class RegionReadinessCheckBuilder(ReadinessLab lab, string region)
    {
        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

        public Dr.Readiness.RegionReadinessCheck Build(TimeSpan? timeout = null, params ReadinessCategory[] skip) =>
            new(new Dr.Readiness.ReadinessBackends(lab.Kubernetes, new FakeQdrantConnector(lab.Qdrant), lab.Redis, lab.Http, _ => lab.Store),
                lab.Environment, lab.Environment.Region(region))
            {
                CheckTimeout = timeout ?? Timeout,
                Skip = skip,
                Now = () => lab.Now,
            };
    }
}
