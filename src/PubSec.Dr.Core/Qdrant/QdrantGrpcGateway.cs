using Grpc.Core;
using PubSec.Dr.Errors;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace PubSec.Dr.Qdrant;

/// <summary>
/// Cluster-wide questions answered over gRPC with the official Qdrant.Client: which collections exist, their
/// configuration, the exact point count and the server version. Any node can answer these.
/// </summary>
public sealed class QdrantGrpcGateway : IDisposable
{
    private readonly QdrantClient _client;
    private readonly string _display;

    public QdrantGrpcGateway(Uri grpcUri, string? apiKey)
    {
        _display = QdrantConnection.Display(grpcUri);
        // grpcTimeout default = no deadline; each call gets the caller's token instead.
        _client = new QdrantClient(grpcUri, apiKey);
    }

    public Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken ct) =>
        CallAsync(() => _client.ListCollectionsAsync(ct), null);

    public Task<bool> CollectionExistsAsync(string collection, CancellationToken ct) =>
        CallAsync(() => _client.CollectionExistsAsync(collection, ct), collection);

    public async Task<string> GetVersionAsync(CancellationToken ct) =>
        (await CallAsync(() => _client.HealthAsync(ct), null).ConfigureAwait(false)).Version;

    public async Task<long> CountExactAsync(string collection, CancellationToken ct) =>
        (long)await CallAsync(() => _client.CountAsync(collection, exact: true, cancellationToken: ct), collection).ConfigureAwait(false);

    public async Task<QdrantCollectionConfig> GetConfigAsync(string collection, CancellationToken ct)
    {
        var info = await CallAsync(() => _client.GetCollectionInfoAsync(collection, ct), collection).ConfigureAwait(false);
        var parameters = info.Config.Params;
        return new QdrantCollectionConfig
        {
            Vectors = ToVectors(parameters.VectorsConfig),
            ShardNumber = parameters.ShardNumber,
            ReplicationFactor = parameters.HasReplicationFactor ? parameters.ReplicationFactor : 1,
            WriteConsistencyFactor = parameters.WriteConsistencyFactor,
        };
    }

    public void Dispose() => _client.Dispose();

    private static QdrantVectorConfig[] ToVectors(VectorsConfig? config)
    {
        if (config is null)
        {
            return [];
        }

        if (config.ConfigCase == VectorsConfig.ConfigOneofCase.Params)
        {
            return [ToVector(string.Empty, config.Params)];
        }

        return config.ParamsMap.Map.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => ToVector(pair.Key, pair.Value)).ToArray();
    }

    private static QdrantVectorConfig ToVector(string name, VectorParams vector) =>
        new() { Name = name, Size = vector.Size, Distance = vector.Distance.ToString() };

    private async Task<T> CallAsync<T>(Func<Task<T>> call, string? collection)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled)
        {
            throw new OperationCanceledException(ex.Message, ex);
        }
        catch (RpcException ex)
        {
            throw ex.StatusCode switch
            {
                StatusCode.Unauthenticated => new DrException(ErrorIds.QdrantAuthenticationFailed, DrErrorCategory.AuthenticationError,
                    $"Qdrant gRPC at {_display} refused the request: {ex.Status.Detail}", "Pass the cluster's API key with -ApiKey.", _display, ex),
                StatusCode.PermissionDenied => new DrException(ErrorIds.QdrantPermissionDenied, DrErrorCategory.PermissionDenied,
                    $"Qdrant gRPC at {_display} denied the request: {ex.Status.Detail}", "Use a read-write API key.", _display, ex),
                StatusCode.NotFound when collection is not null => QdrantErrors.CollectionNotFound(_display, collection, ex.Status.Detail),
                StatusCode.Unavailable or StatusCode.DeadlineExceeded => QdrantErrors.Unreachable(_display, ex),
                _ => new DrException(ErrorIds.QdrantRequestFailed, DrErrorCategory.InvalidResult,
                    $"Qdrant gRPC at {_display} failed: {ex.StatusCode} {ex.Status.Detail}",
                    "Check -GrpcUri (the gRPC port, 6334 by default) and the node's health.", _display, ex),
            };
        }
    }
}
