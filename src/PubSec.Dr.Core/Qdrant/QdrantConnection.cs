namespace PubSec.Dr.Qdrant;

/// <summary>
/// How to reach a Qdrant cluster: the REST URI of EVERY node (snapshots are node-local, so a load balancer
/// address is not enough), the gRPC endpoint for cluster-wide queries, and the API key.
/// </summary>
public sealed class QdrantConnection
{
    public QdrantConnection(IReadOnlyList<Uri> nodes, Uri? grpcUri, string? apiKey)
    {
        if (nodes.Count == 0)
        {
            throw new ArgumentException("At least one Qdrant node URI is required.", nameof(nodes));
        }

        Nodes = nodes;
        // Qdrant's default gRPC port is 6334 beside REST 6333.
        GrpcUri = grpcUri ?? new UriBuilder(nodes[0]) { Port = 6334, Path = "/" }.Uri;
        ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
    }

    public IReadOnlyList<Uri> Nodes { get; }

    public Uri GrpcUri { get; }

    /// <summary>Sent only as the api-key header; never logged, printed or stored.</summary>
    internal string? ApiKey { get; }

    /// <summary>A node URI as it may appear in output and manifests: no user info, no query.</summary>
    public static string Display(Uri uri) => new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty, Query = string.Empty }.Uri.AbsoluteUri;

    public override string ToString() => string.Join(", ", Nodes.Select(Display));
}
