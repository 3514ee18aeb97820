using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PubSec.Dr.Backends;
using PubSec.Dr.Drills;
using PubSec.Dr.Drills.Scenarios;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes.Config;
using PubSec.Dr.Network;
using PubSec.Dr.Tests.Kubernetes.Config;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Drills;

/// <summary>
/// The SecurityBreach drill's RotateSecret phase against an in-memory namespace and an application that takes its keys
/// from labelled Secrets: the production Secret is only read, the copy is rotated and removed, the app must follow, and
/// no value reaches the result.
/// </summary>
public sealed class SecretRotationDrillTests : IDisposable
{
    private const string Namespace = "pubsec-info-assistant";
    private const string ProductionValue = "production-key-value-never-shown";
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    private readonly TempDirectory _root = new();
    private readonly FakeKubernetesObjects _cluster = new(Namespace);
    private readonly List<string> _keysSent = [];
    private readonly List<JsonObject> _copiesSeen = [];
    private HashSet<string>? _cachedKeys;

    public void Dispose() => _root.Dispose();

    /// <summary>An app that reads its keys once and never again, as one that copied them into memory at start.</summary>
    private bool CachesKeys { get; init; }

    private DrEnvironment Environment(bool apiKeySecret = true)
    {
        var store = Directory.CreateDirectory(Path.Combine(_root.Path, "store")).FullName;
        var secret = apiKeySecret ? ", \"apiKeySecret\": \"app-api-keys\"" : string.Empty;
        return DrEnvironmentLoader.Parse($$"""
            { "name": "lab", "regions": { "primary": {
                "kubernetes": { "kubeconfig": "/nonexistent/kubeconfig", "namespace": "{{Namespace}}" },
                "application": { "baseUrl": "http://app.invalid:8080"{{secret}} },
                "store": { "location": "{{store}}" } } } }
            """, Path.Combine(_root.Path, "env.json"));
    }

    private void SeedProduction() => _cluster.Seed(ConfigResourceTypes.Secrets, new JsonObject
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = "app-api-keys",
            ["labels"] = new JsonObject { ["app"] = "api", ["app.pubsec/api-keys"] = "true" },
            ["annotations"] = new JsonObject { [LastApplied] = $"{{\"data\":{{\"client-key\":\"{Encode(ProductionValue)}\"}}}}" },
        },
        ["type"] = "Opaque",
        ["data"] = new JsonObject { ["client-key"] = Encode(ProductionValue) },
    });

    private async Task<DrillResult> DrillAsync(DrEnvironment environment, TimeSpan? pickUp = null)
    {
        var backends = FakeBackends.Create(_cluster, ProbeAsync);
        var engine = new DrillEngine(backends)
        {
            Scenarios = _ => new RotationOnly(), Removers = [new SecretRemover(backends)], Shipped = name => name is "Update-DrSecret" or "Invoke-DrDrill",
        };
        var request = new DrillRequest(environment, DrillScenario.SecurityBreach, environment.Region("primary")) { SecretPickUp = pickUp ?? TimeSpan.FromSeconds(5) };
        return (await engine.RunAsync(request, (_, _) => true, null, CancellationToken.None))!;
    }

    [Fact]
    public async Task A_copy_is_rotated_and_removed_the_app_follows_the_production_secret_is_only_read_and_no_value_is_shown()
    {
        SeedProduction();
        var production = _cluster.Stored(ConfigResourceTypes.Secrets, "app-api-keys")!.ToJsonString();

        var result = await DrillAsync(Environment());

        // The verdict needs an RPO, which only the backup phases of the full scenario give; here checks and documentation count.
        Assert.All(result.Criteria.Where(c => c.Name is "All checks passing" or "Documentation accurate"), c => Assert.True(c.Passed, c.ToString()));
        Assert.All(result.Phases, p => Assert.True(p.Status == FailoverStepStatus.Succeeded, $"{p.Name} {p.Status} {p.ErrorId} {p.Message}"));
        var copy = $"{DrillNames.ScratchPrefix}{result.Id}-app-api-keys";
        Assert.Equal([$"POST Secret/{copy}", $"PUT Secret/{copy}", $"DELETE Secret/{copy}"], _cluster.Writes);
        Assert.Equal(production, _cluster.Stored(ConfigResourceTypes.Secrets, "app-api-keys")!.ToJsonString());
        Assert.Equal(["SecretCopyAccepted", "SecretRotated", "RotatedKeyAccepted", "OldKeyRefused", "Cleanup"], result.Checks.Select(c => c.Name));
        Assert.All(result.Checks, c => Assert.True(c.Passed, c.ToString()));
        Assert.Equal([copy], result.Created.Select(r => r.Name));
        Assert.Equal(SecretRemover.ResourceKind, result.Created[0].Kind);
        Assert.Equal([copy], result.Removed.Select(r => r.Name));

        var seen = Assert.Single(_copiesSeen);
        Assert.Equal("Opaque", seen["type"]!.GetValue<string>());
        Assert.Equal("true", seen["metadata"]!["labels"]!["app.pubsec/api-keys"]!.GetValue<string>());
        Assert.Null(seen["metadata"]!["annotations"]![LastApplied]);
        Assert.Equal(["client-key"], seen["data"]!.AsObject().Select(p => p.Key));
        Assert.NotEqual(ProductionValue, Decode(seen["data"]!["client-key"]!.GetValue<string>()));

        // The app saw the copy's first key, then the rotated one, then the first again; none of them, and not the production key, is in the result.
        Assert.Equal(2, _keysSent.Distinct().Count());
        var shown = JsonSerializer.Serialize(result) + result;
        Assert.DoesNotContain(ProductionValue, shown, StringComparison.Ordinal);
        Assert.All(_keysSent.Distinct().Prepend(ProductionValue), key => Assert.DoesNotContain(key, shown, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_app_that_keeps_accepting_the_old_key_fails_the_drill_naming_the_check_and_the_copy_is_still_removed()
    {
        var drill = new SecretRotationDrillTests { CachesKeys = true };
        try
        {
            drill.SeedProduction();

            var result = await drill.DrillAsync(drill.Environment(), TimeSpan.FromMilliseconds(600));

            Assert.Equal(DrillVerdict.Failed, result.Verdict);
            var phase = Assert.Single(result.Phases, p => p.Name == "RotateSecret");
            Assert.Equal((FailoverStepStatus.Failed, ErrorIds.DrillCheckFailed), (phase.Status, phase.ErrorId));
            Assert.Contains("RotatedKeyAccepted", phase.Message, StringComparison.Ordinal);
            Assert.Equal(["RotatedKeyAccepted", "OldKeyRefused"], result.Checks.Where(c => !c.Passed).Select(c => c.Name));
            var notAccepted = result.Checks.Single(c => c.Name == "RotatedKeyAccepted").Observed;
            Assert.Contains("does not accept within", notAccepted, StringComparison.Ordinal);
            Assert.Contains("last answer: HTTP 401", notAccepted, StringComparison.Ordinal);
            Assert.Contains("last answer: HTTP 200", result.Checks.Single(c => c.Name == "OldKeyRefused").Observed, StringComparison.Ordinal);
            Assert.False(result.Criteria.Single(c => c.Name == "All checks passing").Passed);
            Assert.Equal($"DELETE Secret/{DrillNames.ScratchPrefix}{result.Id}-app-api-keys", drill._cluster.Writes[^1]);
        }
        finally
        {
            drill.Dispose();
        }
    }

    [Fact]
    public async Task Without_an_api_key_secret_the_phase_is_skipped_saying_what_to_add_and_nothing_is_written()
    {
        SeedProduction();

        var result = await DrillAsync(Environment(apiKeySecret: false));

        var phase = Assert.Single(result.Phases, p => p.Name == "RotateSecret");
        Assert.Equal(FailoverStepStatus.Skipped, phase.Status);
        Assert.Contains("regions.primary.application.apiKeySecret is not set", Assert.Single(phase.Details), StringComparison.Ordinal);
        Assert.Empty(_cluster.Writes);
        Assert.Empty(_keysSent);
        Assert.True(result.Criteria.Single(c => c.Name == "All checks passing").Passed);
    }

    [Fact]
    public async Task A_missing_production_secret_fails_the_phase_with_SecretNotFound_before_anything_is_created()
    {
        var result = await DrillAsync(Environment());

        var phase = Assert.Single(result.Phases, p => p.Name == "RotateSecret");
        Assert.Equal((FailoverStepStatus.Failed, ErrorIds.SecretNotFound), (phase.Status, phase.ErrorId));
        Assert.Contains("regions.primary.application.apiKeySecret", phase.Message, StringComparison.Ordinal);
        Assert.Empty(_cluster.Writes);
        Assert.Empty(result.Created);
    }

    private Task<HttpProbeResult> ProbeAsync(HttpProbeRequest request, CancellationToken ct)
    {
        Assert.Equal("http://app.invalid:8080/api/v1/query?query=document", request.Url.ToString());
        var key = request.Headers![SecretDrillData.ApiKeyHeader];
        _keysSent.Add(key);
        var secrets = _cluster.ListAsync(ConfigResourceTypes.Secrets, ct).Result!
            .Where(s => s["metadata"]?["labels"]?["app.pubsec/api-keys"]?.GetValue<string>() == "true").ToList();
        foreach (var copy in secrets.Where(s => s["metadata"]!["name"]!.GetValue<string>().StartsWith(DrillNames.ScratchPrefix, StringComparison.Ordinal)))
        {
            if (_copiesSeen.Count == 0)
            {
                _copiesSeen.Add(copy);
            }
        }

        var keys = secrets.SelectMany(s => s["data"]!.AsObject().Select(p => Decode(p.Value!.GetValue<string>()))).ToHashSet(StringComparer.Ordinal);
        if (CachesKeys)
        {
            keys = _cachedKeys ??= keys;
        }

        var status = keys.Contains(key) ? 200 : 401;
        return Task.FromResult(new HttpProbeResult(status, "{}", new Dictionary<string, string>(), TimeSpan.FromMilliseconds(1), null));
    }

    private static string Encode(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static string Decode(string value) => Encoding.UTF8.GetString(Convert.FromBase64String(value));

    private sealed class RotationOnly : IDrillScenario
    {
        public DrillScenario Scenario => DrillScenario.SecurityBreach;

        public IReadOnlyList<DrillStep> Steps { get; } =
            [new("RotateSecret", "Scenario 4 (security breach): rotate secrets", "Update-DrSecret", true, SecretDrillData.RotateAsync)];
    }

    /// <summary>An IBackendFactory whose Kubernetes objects are the fake namespace and whose HTTP probes go to the fake app; anything else fails the test.</summary>
    private class FakeBackends : DispatchProxy
    {
        private FakeKubernetesObjects _cluster = null!;
        private Func<HttpProbeRequest, CancellationToken, Task<HttpProbeResult>> _probe = null!;

        public static IBackendFactory Create(FakeKubernetesObjects cluster, Func<HttpProbeRequest, CancellationToken, Task<HttpProbeResult>> probe)
        {
            var proxy = Create<IBackendFactory, FakeBackends>();
            var fake = (FakeBackends)(object)proxy;
            fake._cluster = cluster;
            fake._probe = probe;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args) => method?.Name switch
        {
            nameof(IKubernetesObjectsConnector.KubernetesObjects) => _cluster.KubernetesObjects((KubernetesNamespaceTarget)args![0]!, (NetworkDeadlines?)args[1]),
            nameof(IHttpProbeConnector.ProbeAsync) => _probe((HttpProbeRequest)args![0]!, (CancellationToken)args[1]!),
            _ => throw new NotSupportedException($"The secret rotation drill should not call {method?.Name}."),
        };
    }
}
