using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using PubSec.Dr.Network;

namespace PubSec.Dr.Storage.Azure;

/// <summary>
/// The blob client's deadlines: connecting (TCP and TLS) within the connect deadline, and each try of a request,
/// or each read of a download, within the request deadline (the SDK's NetworkTimeout). A request is tried up to
/// three times (S3's standard retry count; the SDK's own default is four), so a silent endpoint fails after about
/// three request deadlines plus a few seconds of back-off.
/// </summary>
internal static class AzureClientOptions
{
    public static BlobClientOptions Create(NetworkDeadlines deadlines)
    {
        var handler = NetworkHandlers.Create(deadlines);
        // As the SDK's own transport: the pipeline follows redirects and keeps no cookies itself.
        handler.AllowAutoRedirect = false;
        handler.UseCookies = false;
        var options = new BlobClientOptions { Transport = new HttpClientTransport(handler) };
        options.Retry.NetworkTimeout = deadlines.Request;
        options.Retry.MaxRetries = 2;
        return options;
    }
}
