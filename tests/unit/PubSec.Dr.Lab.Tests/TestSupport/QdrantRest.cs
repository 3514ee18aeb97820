using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Tests.TestSupport;

/// <summary>Raw REST calls to one lab node, returning status and parsed body so tests can pin exact shapes.</summary>
public sealed class QdrantRest(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public async Task<RestResponse> SendAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return await RestResponse.ReadAsync(response);
    }

    public Task<RestResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<RestResponse> PostAsync(string path, JsonNode? body = null) => SendAsync(HttpMethod.Post, path, body);

    public Task<RestResponse> PutAsync(string path, JsonNode? body = null) => SendAsync(HttpMethod.Put, path, body);

    public Task<RestResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public async Task CreateCollectionAsync(string name, int size = 4, int shards = 1, int replication = 1, string distance = "Cosine")
    {
        var response = await PutAsync($"collections/{name}", new JsonObject
        {
            ["vectors"] = new JsonObject { ["size"] = size, ["distance"] = distance },
            ["shard_number"] = shards,
            ["replication_factor"] = replication,
        });
        response.AssertOk();
    }

    /// <summary>Upserts ids [first, first+count) with deterministic vectors and a payload holding the id and <paramref name="tag"/>.</summary>
    public async Task UpsertAsync(string name, int first, int count, int size = 4, string tag = "v1")
    {
        var points = new JsonArray();
        for (var id = first; id < first + count; id++)
        {
            points.Add(new JsonObject
            {
                ["id"] = id,
                ["vector"] = new JsonArray(Enumerable.Range(0, size).Select(d => (JsonNode)JsonValue.Create((float)((id * 7 + d * 3) % 11 + 1))).ToArray()),
                ["payload"] = new JsonObject { ["n"] = id, ["tag"] = tag, ["group"] = $"g{id % 3}" },
            });
        }

        (await PutAsync($"collections/{name}/points?wait=true", new JsonObject { ["points"] = points })).AssertOk();
    }

    public async Task<long> CountAsync(string name, JsonNode? filter = null)
    {
        var body = new JsonObject { ["exact"] = true };
        if (filter is not null)
        {
            body["filter"] = filter;
        }

        var response = await PostAsync($"collections/{name}/points/count", body);
        response.AssertOk();
        return response.Result!["count"]!.GetValue<long>();
    }

    public async Task<JsonObject> ClusterInfoAsync(string name)
    {
        var response = await GetAsync($"collections/{name}/cluster");
        response.AssertOk();
        return response.Result!.AsObject();
    }

    public async Task<JsonObject> CreateSnapshotAsync(string name)
    {
        var response = await PostAsync($"collections/{name}/snapshots");
        response.AssertOk();
        return response.Result!.AsObject();
    }

    public async Task<byte[]> DownloadAsync(string name, string snapshot)
    {
        using var response = await http.GetAsync($"collections/{name}/snapshots/{snapshot}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>POST …/snapshots/upload with the file in the multipart part named "snapshot".</summary>
    public async Task<RestResponse> UploadAsync(string name, byte[] snapshot, string query = "", string fileName = "upload.snapshot")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(snapshot);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "snapshot", fileName);
        using var response = await http.PostAsync($"collections/{name}/snapshots/upload{query}", form);
        return await RestResponse.ReadAsync(response);
    }

    public void Dispose() => http.Dispose();
}
