using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace PubSec.Dr.Qdrant.Client;

/// <summary>
/// Cluster-wide questions answered over gRPC with the official Qdrant.Client: which collections exist, their
/// configuration, the exact point count and the server version. Any node can answer these. Every call has a
/// deadline (the request deadline) and every connection attempt the connect deadline, so an endpoint that
/// accepts the connection and never answers ends in QdrantTimeout.
/// </summary>
public sealed class QdrantGrpcGateway : IQdrantPoints
{
    private readonly GrpcChannel _channel;
    private readonly QdrantClient _client;
    private readonly string _display;
    private readonly NetworkDeadlines _deadlines;
    private readonly bool _derived;
    private readonly string _parameter;

    public QdrantGrpcGateway(QdrantConnection connection)
        : this(connection.GrpcUri, connection.ApiKey, connection.Deadlines, connection.GrpcUriDerived, connection.GrpcParameter)
    {
    }

    /// <param name="derived">True when the URI was not given but assumed (first node, port 6334): errors then say so.</param>
    /// <param name="parameter">The parameter that gives this URI, for errors.</param>
    public QdrantGrpcGateway(Uri grpcUri, string? apiKey, NetworkDeadlines? deadlines = null, bool derived = false, string parameter = "-GrpcUri")
    {
        grpcUri = QdrantConnection.CheckUri(grpcUri, parameter);
        _display = QdrantConnection.Display(grpcUri);
        _deadlines = deadlines ?? NetworkDeadlines.Default;
        _derived = derived;
        _parameter = parameter;
        _channel = GrpcChannel.ForAddress(grpcUri, new GrpcChannelOptions { HttpHandler = NetworkHandlers.Create(_deadlines), DisposeHttpClient = true });
        var invoker = apiKey is null
            ? _channel.CreateCallInvoker()
            : _channel.Intercept(metadata =>
            {
                metadata.Add("api-key", apiKey);
                return metadata;
            });
        // grpcTimeout sets the gRPC deadline of every call; the caller's token still cancels it sooner.
        _client = new QdrantClient(new QdrantGrpcClient(invoker), _deadlines.Request);
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

    /// <inheritdoc />
    public async Task<IReadOnlyList<QdrantPointRecord>> ScrollFromAsync(string collection, string? offsetId, uint limit, bool withContent,
        CancellationToken ct)
    {
        var page = await CallAsync(() => _client.ScrollAsync(collection, limit: limit, offset: offsetId is null ? null : ToPointId(offsetId),
            payloadSelector: withContent, vectorsSelector: withContent, cancellationToken: ct), collection).ConfigureAwait(false);
        return page.Result.Select(ToRecord).ToList();
    }

    /// <summary>The points with the given ids (those that exist), with payload and every vector.</summary>
    public async Task<IReadOnlyList<QdrantPointRecord>> RetrieveAsync(string collection, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var hasId = new HasIdCondition();
        hasId.HasId.AddRange(ids.Select(ToPointId));
        var filter = new Filter();
        filter.Must.Add(new Condition { HasId = hasId });
        var page = await CallAsync(() => _client.ScrollAsync(collection, filter, limit: (uint)Math.Max(1, ids.Count), payloadSelector: true,
            vectorsSelector: true, cancellationToken: ct), collection).ConfigureAwait(false);
        return page.Result.Select(ToRecord).ToList();
    }

    /// <summary>Ids of the nearest points to <paramref name="vector"/>, best first.</summary>
    public async Task<IReadOnlyList<string>> SearchIdsAsync(string collection, string vectorName, float[] vector, ulong limit, CancellationToken ct)
    {
        // Search (rather than the newer Query) is what every 1.x server answers, including those before 1.10.
#pragma warning disable CS0618
        var found = await CallAsync(() => _client.SearchAsync(collection, vector, limit: limit, payloadSelector: false,
            vectorName: string.IsNullOrEmpty(vectorName) ? null : vectorName, cancellationToken: ct), collection).ConfigureAwait(false);
#pragma warning restore CS0618
        return found.Select(p => IdText(p.Id)).ToList();
    }

    public void Dispose()
    {
        _client.Dispose();
        _channel.Dispose();
    }

    private static QdrantPointRecord ToRecord(RetrievedPoint point) =>
        new(IdText(point.Id), CanonicalPayload.From(point.Payload), ToVectors(point.Vectors));

    private static PointId ToPointId(string id) =>
        ulong.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? new PointId { Num = number }
            : new PointId { Uuid = id };

    private static string IdText(PointId id) =>
        id.PointIdOptionsCase == PointId.PointIdOptionsOneofCase.Uuid ? id.Uuid : id.Num.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, float[]> ToVectors(VectorsOutput? vectors)
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (vectors is null)
        {
            return result;
        }

        if (vectors.VectorsOptionsCase == VectorsOutput.VectorsOptionsOneofCase.Vector)
        {
            result[string.Empty] = Dense(vectors.Vector);
        }
        else if (vectors.VectorsOptionsCase == VectorsOutput.VectorsOptionsOneofCase.Vectors)
        {
            foreach (var (name, vector) in vectors.Vectors.Vectors)
            {
                result[name] = Dense(vector);
            }
        }

        return result;
    }

    // Servers fill either the newer Dense field or the older flat Data field (obsolete, still sent by many).
#pragma warning disable CS0612
    private static float[] Dense(VectorOutput vector) =>
        vector.VectorCase == VectorOutput.VectorOneofCase.Dense ? vector.Dense.Data.ToArray() : vector.Data.ToArray();
#pragma warning restore CS0612

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
        catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded || ExceptionChain.Find<TimeoutException>(ex.Status.DebugException) is not null)
        {
            throw QdrantErrors.GrpcTimeout(_display, ex.StatusCode == StatusCode.DeadlineExceeded ? _deadlines.Request : _deadlines.Connect,
                connecting: ex.StatusCode != StatusCode.DeadlineExceeded, _derived, _parameter, ex);
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
                // The status text, not ex.Message: that one embeds the whole DebugException with its stack.
                StatusCode.Unavailable => QdrantErrors.GrpcUnreachable(_display, _derived, _parameter, Reason(ex), ex),
                _ => new DrException(ErrorIds.QdrantRequestFailed, DrErrorCategory.InvalidResult,
                    $"Qdrant gRPC at {_display} failed: {ex.StatusCode} {ex.Status.Detail}",
                    $"Check {_parameter} (a node's gRPC port, 6334 by default, not its REST port) and the node's health.", _display, ex),
            };
        }
    }

    /// <summary>What went wrong in a few words: the innermost cause (e.g. "Connection refused"), else gRPC's status text.</summary>
    private static string Reason(RpcException ex)
    {
        var text = ExceptionChain.Innermost(ex.Status.DebugException)?.Message ?? ex.Status.Detail;
        return string.IsNullOrWhiteSpace(text) ? ex.StatusCode.ToString() : text.Trim().TrimEnd('.');
    }

}
