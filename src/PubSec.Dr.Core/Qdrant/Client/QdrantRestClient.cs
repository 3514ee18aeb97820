using System.Net;
using System.Text.Json;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;

namespace PubSec.Dr.Qdrant.Client;

/// <summary>
/// The REST calls made to ONE Qdrant node. Snapshot download is REST-only in Qdrant, and snapshot
/// creation uses wait=false plus polling so a long snapshot can never fail on an HTTP timeout.
/// </summary>
public sealed class QdrantRestClient : IQdrantNode
{
    private readonly HttpClient _http;
    private readonly NetworkDeadlines _deadlines;

    public QdrantRestClient(Uri node, string? apiKey, NetworkDeadlines? deadlines = null)
    {
        Node = QdrantConnection.CheckUri(node, "-QdrantUri");
        _deadlines = deadlines ?? NetworkDeadlines.Default;
        // No client-wide timeout: downloads of 50 GB run for a long time. Connecting has the connect deadline;
        // small calls get the request deadline each; transfers an idle deadline per read or write.
        // Keep any path prefix (Qdrant behind a reverse proxy under /qdrant/), drop query and user info.
        var baseUri = new UriBuilder(node) { Query = string.Empty, UserName = string.Empty, Password = string.Empty }.Uri.AbsoluteUri;
        _http = new HttpClient(NetworkHandlers.Create(_deadlines))
        {
            BaseAddress = new Uri(baseUri.TrimEnd('/') + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.TryAddWithoutValidation("api-key", apiKey);
        }
    }

    public Uri Node { get; }

    public string DisplayUri => QdrantConnection.Display(Node);

    public async Task<QdrantRootInfo> GetRootAsync(CancellationToken ct) =>
        await GetJsonAsync<QdrantRootInfo>("", unwrap: false, ct).ConfigureAwait(false);

    public Task<ClusterStatus> GetClusterAsync(CancellationToken ct) => GetJsonAsync<ClusterStatus>("cluster", unwrap: true, ct);

    public Task<CollectionClusterInfo> GetCollectionClusterAsync(string collection, CancellationToken ct) =>
        GetJsonAsync<CollectionClusterInfo>($"collections/{Escape(collection)}/cluster", unwrap: true, ct, collection);

    public Task<SnapshotDescription[]> ListSnapshotsAsync(string collection, CancellationToken ct) =>
        GetJsonAsync<SnapshotDescription[]>($"collections/{Escape(collection)}/snapshots", unwrap: true, ct, collection);

    /// <summary>The list and the node's clock when it answered (its Date header), so snapshot names can be placed in time.</summary>
    public Task<(SnapshotDescription[] Value, DateTime? ServerTime)> ListSnapshotsDatedAsync(string collection, CancellationToken ct) =>
        GetDatedJsonAsync<SnapshotDescription[]>($"collections/{Escape(collection)}/snapshots", unwrap: true, ct, collection);

    /// <summary>Starts a snapshot without waiting for it (202 Accepted); the caller polls the list.</summary>
    public async Task StartSnapshotAsync(string collection, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"collections/{Escape(collection)}/snapshots?wait=false",
            HttpCompletionOption.ResponseContentRead, ct, collection).ConfigureAwait(false);
    }

    public async Task DeleteSnapshotAsync(string collection, string snapshot, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"collections/{Escape(collection)}/snapshots/{Escape(snapshot)}",
            HttpCompletionOption.ResponseContentRead, ct, collection).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the raw snapshot bytes as a stream; the response is disposed with the stream. The headers must come
    /// within the request deadline, then each read within the same span (no limit on the whole download).
    /// </summary>
    public async Task<(Stream Content, long? Length)> OpenSnapshotAsync(string collection, string snapshot, CancellationToken ct)
    {
        var response = await SendAsync(HttpMethod.Get, $"collections/{Escape(collection)}/snapshots/{Escape(snapshot)}",
            HttpCompletionOption.ResponseHeadersRead, ct, collection).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var idle = new IdleTimeoutReadStream(stream, _deadlines.Request, $"downloading the snapshot {snapshot}");
        return (new ResponseStream(idle, response, DisplayUri), response.Content.Headers.ContentLength);
    }

    /// <summary>
    /// Streams a snapshot to this node's upload endpoint and waits for the recovery (reference §2.6). The body
    /// is read from <paramref name="content"/> as it is sent, never buffered; Qdrant checks the checksum when one is
    /// given (without a length the body goes chunked). While
    /// sending, each chunk must go out within the request deadline; then the node, which answers only once it
    /// has unpacked and loaded the snapshot, has <paramref name="recoveryTimeout"/> to answer.
    /// </summary>
    public async Task RecoverFromUploadAsync(string collection, Stream content, long? length, string fileName, string? sha256,
        string priority, TimeSpan recoveryTimeout, CancellationToken ct)
    {
        using var watchdog = new ProgressWatchdog(_deadlines.Request, $"uploading {fileName}", ct);
        var body = new StreamContent(new WatchedReadStream(content, watchdog, recoveryTimeout, $"recovering {fileName}"), 1 << 20);
        if (length is { } known)
        {
            body.Headers.ContentLength = known;
        }

        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent { { body, "snapshot", fileName } };
        var path = $"collections/{Escape(collection)}/snapshots/upload?wait=true&priority={Uri.EscapeDataString(priority)}"
            + (sha256 is null ? string.Empty : $"&checksum={sha256}");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
        try
        {
            using var response = await watchdog.RunAsync(token => SendAsync(request, HttpCompletionOption.ResponseContentRead, token, collection, limit: null))
                .ConfigureAwait(false);
        }
        catch (DeadlineExceededException ex)
        {
            throw QdrantErrors.Timeout(DisplayUri, ex);
        }
    }

    public async Task DeleteCollectionAsync(string collection, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"collections/{Escape(collection)}", HttpCompletionOption.ResponseContentRead, ct, collection)
            .ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private async Task<T> GetJsonAsync<T>(string path, bool unwrap, CancellationToken ct, string? collection = null) =>
        (await GetDatedJsonAsync<T>(path, unwrap, ct, collection).ConfigureAwait(false)).Value;

    private async Task<(T Value, DateTime? ServerTime)> GetDatedJsonAsync<T>(string path, bool unwrap, CancellationToken ct, string? collection = null)
    {
        using var response = await SendAsync(HttpMethod.Get, path, HttpCompletionOption.ResponseContentRead, ct, collection).ConfigureAwait(false);
        var serverTime = response.Headers.Date?.UtcDateTime;
        try
        {
            // Deserialize with our own System.Text.Json, never System.Net.Http.Json: that one belongs to the host's
            // framework and, when the module's load context holds a newer System.Text.Json, it cannot see our
            // [JsonPropertyName] attributes (peer_id silently became 0).
            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            if (!unwrap)
            {
                return ((await JsonSerializer.DeserializeAsync<T>(body, WebJson, ct).ConfigureAwait(false))!, serverTime);
            }

            var envelope = await JsonSerializer.DeserializeAsync<Envelope<T>>(body, WebJson, ct).ConfigureAwait(false);
            return (envelope!.Result ?? throw new JsonException("the response has no result"), serverTime);
        }
        catch (JsonException ex)
        {
            throw QdrantErrors.Unexpected(DisplayUri, path, ex);
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpCompletionOption completion,
        CancellationToken ct, string? collection) =>
        SendAsync(new HttpRequestMessage(method, path), completion, ct, collection, _deadlines.Request);

    /// <summary>
    /// One request. With <paramref name="limit"/>, it (and the body, unless only the headers are awaited) must
    /// come within that time; without, the caller's token is the only bound (an upload under a watchdog).
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion,
        CancellationToken ct, string? collection, TimeSpan? limit)
    {
        var path = request.RequestUri?.OriginalString ?? string.Empty;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (limit is { } after)
        {
            deadline.CancelAfter(after);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectTimeout(ex) && !ct.IsCancellationRequested)
        {
            throw QdrantErrors.ConnectTimeout(DisplayUri, _deadlines.Connect, ex);
        }
        catch (HttpRequestException ex) when (!ct.IsCancellationRequested && ExceptionChain.Find<DrException>(ex.InnerException) is { } source)
        {
            // The request body failed, not the node: reading the part from the store (StoreTimeout and the like).
            throw source;
        }
        catch (HttpRequestException ex) when (!ct.IsCancellationRequested)
        {
            throw QdrantErrors.Unreachable(DisplayUri, ex);
        }
        catch (OperationCanceledException ex) when (limit is not null && !ct.IsCancellationRequested)
        {
            throw QdrantErrors.Timeout(DisplayUri, path, limit.Value, ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            throw QdrantErrors.FromStatus(DisplayUri, response.StatusCode, QdrantErrors.ErrorText(body), collection);
        }
    }


    // SocketsHttpHandler reports its ConnectTimeout as a cancellation or request failure caused by a TimeoutException.
    private static bool IsConnectTimeout(Exception ex) =>
        ex is OperationCanceledException or HttpRequestException && ex.InnerException is TimeoutException;

    private sealed record Envelope<T>([property: System.Text.Json.Serialization.JsonPropertyName("result")] T? Result);
}
