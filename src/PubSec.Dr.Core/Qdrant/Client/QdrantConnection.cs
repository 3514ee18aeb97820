using PubSec.Dr.Network;

namespace PubSec.Dr.Qdrant.Client;

/// <summary>
/// How to reach a Qdrant cluster: the REST URI of EVERY node (snapshots are node-local, so a load balancer
/// address is not enough), the gRPC endpoint for cluster-wide queries, the API key, and how long each may
/// keep us waiting.
/// </summary>
public sealed class QdrantConnection
{
    /// <summary>Qdrant's default gRPC port, used when no gRPC URI is given.</summary>
    public const int DefaultGrpcPort = 6334;

    public QdrantConnection(IReadOnlyList<Uri> nodes, Uri? grpcUri, string? apiKey, NetworkDeadlines? deadlines = null,
        string nodesParameter = "-QdrantUri", string grpcParameter = "-GrpcUri")
    {
        // Checked before any client exists: a URI without a scheme would otherwise surface as .NET's
        // "This operation is not supported for a relative URI" from deep inside HttpClient or gRPC.
        if (nodes.Count == 0)
        {
            throw QdrantErrors.UriInvalid(nodesParameter, "(none)", "no node URI was given", null);
        }

        Nodes = nodes.Select(node => CheckUri(node, nodesParameter)).ToArray();
        GrpcParameter = grpcParameter;
        GrpcUriDerived = grpcUri is null;
        GrpcUri = grpcUri is null ? new UriBuilder(Nodes[0]) { Port = DefaultGrpcPort, Path = "/" }.Uri : CheckUri(grpcUri, grpcParameter);
        ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        Deadlines = deadlines ?? NetworkDeadlines.Default;
    }

    public IReadOnlyList<Uri> Nodes { get; }

    public Uri GrpcUri { get; }

    /// <summary>True when no gRPC URI was given and <see cref="GrpcUri"/> is the first node's host on port 6334.</summary>
    public bool GrpcUriDerived { get; }

    /// <summary>The parameter that sets the gRPC URI, named in errors that concern it.</summary>
    public string GrpcParameter { get; }

    public NetworkDeadlines Deadlines { get; }

    /// <summary>Sent only as the api-key header; never logged, printed or stored.</summary>
    internal string? ApiKey { get; }

    /// <summary>A node URI as it may appear in output and manifests: no user info, no query.</summary>
    public static string Display(Uri uri) => new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty, Query = string.Empty }.Uri.AbsoluteUri;

    /// <summary>The URI when it is an absolute http(s) URI with a host; else QdrantUriInvalid saying how to write it.</summary>
    public static Uri CheckUri(Uri? uri, string parameter)
    {
        var text = uri?.OriginalString.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            throw QdrantErrors.UriInvalid(parameter, "(empty)", "it is empty", null);
        }

        var suggestion = text.Contains("://", StringComparison.Ordinal) ? null : "http://" + text;
        if (!uri!.IsAbsoluteUri)
        {
            throw QdrantErrors.UriInvalid(parameter, Masked(text), "it has no scheme", suggestion);
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw QdrantErrors.UriInvalid(parameter, Masked(text), $"the scheme '{uri.Scheme}' is not http or https", suggestion);
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            throw QdrantErrors.UriInvalid(parameter, Masked(text), "it names no host", null);
        }

        return uri;
    }

    public override string ToString() => string.Join(", ", Nodes.Select(Display));

    // A URI that is not usable may still carry user:password@ before the host; never echo that part.
    private static string Masked(string text) =>
        text.LastIndexOf('@') is var at and >= 0 ? "***@" + text[(at + 1)..] : text;
}
