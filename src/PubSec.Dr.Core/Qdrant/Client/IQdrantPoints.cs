namespace PubSec.Dr.Qdrant.Client;

/// <summary>
/// The cluster-wide questions any node answers (gRPC in <see cref="QdrantGrpcGateway"/>): which collections exist,
/// their configuration, exact counts, the server version, and the point reads and searches that sampling and
/// verification make.
/// </summary>
public interface IQdrantPoints : IPointScroller, IDisposable
{
    Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken ct);

    Task<bool> CollectionExistsAsync(string collection, CancellationToken ct);

    Task<string> GetVersionAsync(CancellationToken ct);

    Task<long> CountExactAsync(string collection, CancellationToken ct);

    Task<QdrantCollectionConfig> GetConfigAsync(string collection, CancellationToken ct);

    /// <summary>The points with the given ids (those that exist), with payload and every vector.</summary>
    Task<IReadOnlyList<QdrantPointRecord>> RetrieveAsync(string collection, IReadOnlyList<string> ids, CancellationToken ct);

    /// <summary>Ids of the nearest points to <paramref name="vector"/>, best first.</summary>
    Task<IReadOnlyList<string>> SearchIdsAsync(string collection, string vectorName, float[] vector, ulong limit, CancellationToken ct);
}
