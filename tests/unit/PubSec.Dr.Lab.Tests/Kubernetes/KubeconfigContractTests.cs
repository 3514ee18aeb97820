using k8s;
using PubSec.Dr.Lab.Hosting;
using PubSec.Dr.Lab.Kubernetes;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>How tools find the emulated cluster: endpoints.json's <c>kubernetes</c> entry and an ordinary kubeconfig.</summary>
[Collection(SharedKubeLab.Name)]
public sealed class KubeconfigContractTests(SharedKubeLab shared)
{
    private KubeLab Lab => shared.Lab;

    [Fact]
    public void Endpoints_name_the_api_the_kubeconfig_its_context_and_the_namespace()
    {
        var entry = Lab.Endpoints;

        Assert.Equal(["api", "kubeconfig", "context", "namespace"], entry.Select(p => p.Key));
        Assert.Matches("^https://127\\.0\\.0\\.1:[0-9]+$", entry["api"]!.GetValue<string>());
        Assert.Equal(Path.Combine(Lab.DataDirectory, "kubeconfig.yaml"), entry["kubeconfig"]!.GetValue<string>());
        Assert.True(Path.IsPathFullyQualified(entry["kubeconfig"]!.GetValue<string>()));
        Assert.Equal(("pubsec-lab", "pubsec-info-assistant"), (entry["context"]!.GetValue<string>(), entry["namespace"]!.GetValue<string>()));
    }

    [Fact]
    public void The_kubeconfig_gives_the_client_the_server_a_bearer_token_and_the_namespace()
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(Lab.Endpoints["kubeconfig"]!.GetValue<string>());

        Assert.Equal(Lab.Endpoints["api"]!.GetValue<string>(), config.Host.TrimEnd('/'));
        Assert.Equal("pubsec-lab", config.CurrentContext);
        Assert.Equal("pubsec-info-assistant", config.Namespace);
        Assert.StartsWith("lab-", config.AccessToken, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Lab.Endpoints["kubeconfig"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task A_pod_watch_starts_with_the_current_pods_and_ends_after_timeout_seconds()
    {
        var started = DateTime.UtcNow;
        var names = new List<string>();
        await foreach (var (type, pod) in Lab.Client.CoreV1.WatchListNamespacedPodAsync(KubeLab.Namespace, labelSelector: "app=qdrant", timeoutSeconds: 1))
        {
            Assert.Equal(WatchEventType.Added, type);
            names.Add(pod.Metadata.Name);
        }

        Assert.Equal(["qdrant-0", "qdrant-1", "qdrant-2"], names);
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 0.9, 5);
    }

    [Fact]
    public async Task A_watch_that_matches_nothing_sends_nothing_and_ends_after_timeout_seconds()
    {
        using var response = await Lab.Api.GetAsync("/api/v1/namespaces/pubsec-info-assistant/pods?labelSelector=app%3Dnone&resourceVersion=0&timeoutSeconds=1&watch=true");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty((await response.Content.ReadAsStringAsync()).Trim());
    }

    [Theory]
    [InlineData("--pod-management-policy", "OrderedReady")]
    [InlineData("--pod-startup-ms", "20")]
    [InlineData("--pod-termination-ms", "30")]
    public void The_command_line_sets_the_pod_options(string name, string value)
    {
        var options = LabArguments.Parse(["--data", "/tmp/x", name, value]).Kubernetes;

        Assert.Equal(
            name switch { "--pod-management-policy" => "OrderedReady", _ => PodManagementPolicies.Parallel },
            options.PodManagementPolicy);
        Assert.Equal(name == "--pod-startup-ms" ? 20 : 500, options.PodStartupDelay.TotalMilliseconds);
        Assert.Equal(name == "--pod-termination-ms" ? 30 : 1000, options.PodTerminationDelay.TotalMilliseconds);
        Assert.Throws<PubSec.Dr.Lab.Engine.LabStartupException>(() => LabArguments.Parse(["--data", "/tmp/x", "--pod-management-policy", "Whenever"]));
    }
}
