using PubSec.Dr.Kubernetes.Config;

namespace PubSec.Dr.Tests.Kubernetes.Config;

/// <summary>Generic calls for the core group ("") reach /api/v1, the rest stay under /apis/&lt;group&gt;.</summary>
public sealed class CoreGroupPathHandlerTests
{
    [Theory]
    [InlineData("https://k8s:6443/apis//v1/namespaces/app/secrets?limit=5", "https://k8s:6443/api/v1/namespaces/app/secrets?limit=5")]
    [InlineData("https://k8s:6443/prefix/apis//v1/namespaces/app/configmaps/a", "https://k8s:6443/prefix/api/v1/namespaces/app/configmaps/a")]
    [InlineData("https://k8s:6443/apis/apps/v1/namespaces/app/deployments", "https://k8s:6443/apis/apps/v1/namespaces/app/deployments")]
    public async Task Rewrites_OnlyTheEmptyGroupPath(string sent, string expected)
    {
        var inner = new Recorder();
        using var invoker = new HttpMessageInvoker(new CoreGroupPathHandler { InnerHandler = inner });

        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, sent), default);

        Assert.Equal(expected, inner.Seen!.AbsoluteUri);
    }

    private sealed class Recorder : HttpMessageHandler
    {
        public Uri? Seen { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen = request.RequestUri;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
