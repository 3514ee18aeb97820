using PubSec.Dr.Backends;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes;
using PubSec.Dr.Network;
using PubSec.Dr.Operations;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Kubernetes;

/// <summary>A kubeconfig that is missing, garbage or names no such context, and an API server that never answers.</summary>
public sealed class StatefulSetVolumeResetFailureTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void MissingKubeconfig_IsKubernetesConfigNotFound()
    {
        var path = Path.Combine(_dir.Path, "no-such-kubeconfig");

        var error = Assert.Throws<DrException>(() => Reset(path));

        Assert.Equal(ErrorIds.KubernetesConfigNotFound, error.ErrorId);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("this: is: : not [ yaml")]
    [InlineData("hello world")]
    [InlineData("")]
    public void GarbageKubeconfig_IsKubernetesConfigInvalid(string content)
    {
        var path = Write(content);

        var error = Assert.Throws<DrException>(() => Reset(path));

        Assert.Equal(ErrorIds.KubernetesConfigInvalid, error.ErrorId);
        Assert.Equal(DrErrorCategory.InvalidArgument, error.Category);
    }

    [Fact]
    public void UnknownContext_IsKubernetesConfigInvalid_NamingIt()
    {
        var path = Write(Kubeconfig("http://127.0.0.1:1"));

        var error = Assert.Throws<DrException>(() => Reset(path, "no-such-context"));

        Assert.Equal(ErrorIds.KubernetesConfigInvalid, error.ErrorId);
        Assert.Contains("no-such-context", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SilentApiServer_FailsWithKubernetesTimeout()
    {
        using var hole = new BlackHoleServer();
        using var reset = Reset(Write(Kubeconfig(hole.HttpUri.AbsoluteUri.TrimEnd('/'))), deadlines: new NetworkDeadlines(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)));

        var error = await BlackHoleServer.FailsWithinAsync<DrException>(() => reset.DescribeAsync(CancellationToken.None));

        Assert.Equal(ErrorIds.KubernetesTimeout, error.ErrorId);
        Assert.Equal(DrErrorCategory.OperationTimeout, error.Category);
    }

    public void Dispose() => _dir.Dispose();

    private static StatefulSetVolumeReset Reset(string path, string? context = null, NetworkDeadlines? deadlines = null) =>
        new(BackendFactory.Default.Kubernetes(new KubernetesTarget(path, context, "pubsec-info-assistant", "qdrant"), deadlines), NullOperationLog.Instance);

    private string Write(string content)
    {
        var path = Path.Combine(_dir.Path, Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, content);
        return path;
    }

    private static string Kubeconfig(string server) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: lab
          cluster:
            server: {server}
        users:
        - name: lab
          user:
            token: not-a-real-token
        contexts:
        - name: lab
          context:
            cluster: lab
            user: lab
        current-context: lab
        """;
}
