using Azure.Storage.Blobs;

namespace PubSec.Dr.Storage.Azure;

/// <summary>
/// Decides whether an http(s) store location is Azure Blob: an Azure blob domain (public and sovereign clouds),
/// a URL carrying a SAS, or a URL under the blob endpoint of the given connection string or endpoint option
/// (Azurite, private endpoints, custom domains). Anything else stays for the other stores.
/// </summary>
internal static class AzureLocationDetector
{
    private static readonly string[] BlobDomains =
        [".blob.core.windows.net", ".blob.core.usgovcloudapi.net", ".blob.core.chinacloudapi.cn", ".blob.storage.azure.net"];

    public static bool IsAzureUrl(Uri uri, BackupStoreOptions? options)
    {
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            return false;
        }

        if (BlobDomains.Any(domain => uri.Host.EndsWith(domain, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        var query = uri.Query;
        if (query.Contains("sig=", StringComparison.Ordinal) && query.Contains("sv=", StringComparison.Ordinal))
        {
            return true;
        }

        if (ConnectionStringEndpoint(options) is { } blobEndpoint && IsUnder(uri, blobEndpoint))
        {
            return true;
        }

        // The endpoint option is shared with S3-compatible servers, so it counts only beside an Azure connection string.
        return options?.Endpoint is { } endpoint && !string.IsNullOrWhiteSpace(options.ConnectionString) && IsUnder(uri, endpoint);
    }

    private static Uri? ConnectionStringEndpoint(BackupStoreOptions? options)
    {
        var connectionString = options?.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = Environment.GetEnvironmentVariable(AzureBlobLocation.ConnectionStringVariable);
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        try
        {
            return new BlobServiceClient(connectionString).Uri;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // A malformed string is reported by the store itself, without echoing it; here it just does not match.
            return null;
        }
    }

    private static bool IsUnder(Uri uri, Uri endpoint) =>
        Uri.Compare(uri, endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
        && (uri.AbsolutePath.TrimEnd('/') + "/").StartsWith(endpoint.AbsolutePath.TrimEnd('/') + "/", StringComparison.Ordinal);
}
