namespace PubSec.Dr.Kubernetes.Config;

/// <summary>
/// The client's generic (custom object) calls build <c>/apis/{group}/{version}/…</c>; the core group ("") lives
/// under <c>/api/{version}/…</c>. This rewrites <c>/apis//</c> to <c>/api/</c>, so one generic path serves every
/// kind, core ones included (what the client's own GenericClient once did the same way).
/// </summary>
internal sealed class CoreGroupPathHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && uri.AbsolutePath.Contains("/apis//", StringComparison.Ordinal))
        {
            var builder = new UriBuilder(uri) { Path = uri.AbsolutePath.Replace("/apis//", "/api/", StringComparison.Ordinal) };
            request.RequestUri = builder.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
