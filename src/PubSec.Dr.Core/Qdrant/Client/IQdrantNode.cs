namespace PubSec.Dr.Qdrant.Client;

/// <summary>
/// The REST operations the engines make on ONE Qdrant node (reference §2, §5, §7): snapshots are node-local, so
/// creating, listing, downloading, uploading and deleting them goes to each node in turn. Implementations keep the
/// module's error mapping (QdrantErrors) and deadlines; <see cref="QdrantRestClient"/> is the real one.
/// </summary>
public interface IQdrantNode : IDisposable
{
    /// <summary>The node's URI as it may appear in output and manifests (no user info, no query).</summary>
    string DisplayUri { get; }

    Task<ClusterStatus> GetClusterAsync(CancellationToken ct);

    Task<CollectionClusterInfo> GetCollectionClusterAsync(string collection, CancellationToken ct);

    Task<SnapshotDescription[]> ListSnapshotsAsync(string collection, CancellationToken ct);

    /// <summary>The list and the node's clock when it answered, so snapshot names can be placed in time.</summary>
    Task<(SnapshotDescription[] Value, DateTime? ServerTime)> ListSnapshotsDatedAsync(string collection, CancellationToken ct);

    /// <summary>Starts a snapshot without waiting for it; the caller polls the list.</summary>
    Task StartSnapshotAsync(string collection, CancellationToken ct);

    Task DeleteSnapshotAsync(string collection, string snapshot, CancellationToken ct);

    /// <summary>The snapshot's bytes as a stream read as they arrive (never buffered whole), and its length when known.</summary>
    Task<(Stream Content, long? Length)> OpenSnapshotAsync(string collection, string snapshot, CancellationToken ct);

    /// <summary>
    /// Streams <paramref name="content"/> to the node's upload endpoint and waits up to <paramref name="recoveryTimeout"/>
    /// for the recovery; Qdrant checks <paramref name="sha256"/> when it is given (null: the caller checks the bytes itself).
    /// </summary>
    Task RecoverFromUploadAsync(string collection, Stream content, long? length, string fileName, string? sha256, string priority,
        TimeSpan recoveryTimeout, CancellationToken ct);

    Task DeleteCollectionAsync(string collection, CancellationToken ct);
}
