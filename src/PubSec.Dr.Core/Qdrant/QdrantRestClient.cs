using System.Net;
using System.Text.Json;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Qdrant;

/// <summary>
/// The REST calls made to ONE Qdrant node. Snapshot download is REST-only in Qdrant, and snapshot
/// creation uses wait=false plus polling so a long snapshot can never fail on an HTTP timeout.
/// </summary>
public sealed class QdrantRestClient : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(100);
    private readonly HttpClient _http;

    public QdrantRestClient(Uri node, string? apiKey)
    {
        Node = node;
        // No client-wide timeout: downloads of 50 GB run for a long time; small calls get CallTimeout each.
        // Keep any path prefix (Qdrant behind a reverse proxy under /qdrant/), drop query and user info.
        var baseUri = new UriBuilder(node) { Query = string.Empty, UserName = string.Empty, Password = string.Empty }.Uri.AbsoluteUri;
        _http = new HttpClient { BaseAddress = new Uri(baseUri.TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
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

    /// <summary>Opens the raw snapshot bytes as a stream; the response is disposed with the stream.</summary>
    public async Task<(Stream Content, long? Length)> OpenSnapshotAsync(string collection, string snapshot, CancellationToken ct)
    {
        var response = await SendAsync(HttpMethod.Get, $"collections/{Escape(collection)}/snapshots/{Escape(snapshot)}",
            HttpCompletionOption.ResponseHeadersRead, ct, collection, timeout: false).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        return (new ResponseStream(stream, response), response.Content.Headers.ContentLength);
    }

    /// <summary>
    /// Streams a snapshot to this node's upload endpoint and waits for the recovery (reference §2.6). The body
    /// is read from <paramref name="content"/> as it is sent, never buffered; Qdrant checks the checksum.
    /// </summary>
    public async Task RecoverFromUploadAsync(string collection, Stream content, long? length, string fileName, string sha256,
        string priority, CancellationToken ct)
    {
        var body = new StreamContent(content, 1 << 20);
        if (length is { } known)
        {
            body.Headers.ContentLength = known;
        }

        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent { { body, "snapshot", fileName } };
        var path = $"collections/{Escape(collection)}/snapshots/upload?wait=true&priority={Uri.EscapeDataString(priority)}&checksum={sha256}";
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, ct, collection, timeout: false).ConfigureAwait(false);
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
        CancellationToken ct, string? collection, bool timeout = true) =>
        SendAsync(new HttpRequestMessage(method, path), completion, ct, collection, timeout);

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion,
        CancellationToken ct, string? collection, bool timeout = true)
    {
        var path = request.RequestUri?.OriginalString ?? string.Empty;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout)
        {
            limit.CancelAfter(CallTimeout);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, limit.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw QdrantErrors.Unreachable(DisplayUri, ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw QdrantErrors.Timeout(DisplayUri, path, CallTimeout, ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw QdrantErrors.FromStatus(DisplayUri, response.StatusCode, QdrantErrors.ErrorText(body), collection);
        }
    }

    private sealed record Envelope<T>([property: System.Text.Json.Serialization.JsonPropertyName("result")] T? Result);
}
