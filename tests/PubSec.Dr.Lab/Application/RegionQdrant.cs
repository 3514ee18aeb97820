using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Cluster;

namespace PubSec.Dr.Lab.Application;

/// <summary>
/// The region's Qdrant as the application reaches it: over REST with the API key, like any client. Readiness asks
/// every node's <c>/readyz</c> (a node that is down fails it, as a Service's backend would); searches go to the first
/// node that answers.
/// </summary>
internal sealed class RegionQdrant(LabCluster cluster) : IDisposable
{
    private readonly HttpClient _http = NewClient(cluster.Options.ApiKey);

    /// <summary>One message per node that does not answer 200 on /readyz.</summary>
    public async Task<List<string>> FailingNodesAsync(CancellationToken cancellationToken)
    {
        var checks = cluster.Nodes.Select(async node =>
        {
            try
            {
                using var response = await _http.GetAsync(new Uri(new Uri(node.RestUri), "readyz"), cancellationToken).ConfigureAwait(false);
                return response.IsSuccessStatusCode ? null : $"qdrant node {node.Index} ({node.RestUri}): /readyz answered {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return $"qdrant node {node.Index} ({node.RestUri}): {Reason(ex)}";
            }
        });
        return (await Task.WhenAll(checks).ConfigureAwait(false)).OfType<string>().ToList();
    }

    /// <summary>POSTs or GETs a path on the first node that answers; throws <see cref="AppUnavailableException"/> when none does.</summary>
    public async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        foreach (var node in cluster.Nodes)
        {
            try
            {
                using var request = new HttpRequestMessage(method, new Uri(new Uri(node.RestUri), path));
                if (body is not null)
                {
                    request.Content = JsonContent.Create(body);
                }

                using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                return ((int)response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                reasons.Add($"qdrant node {node.Index} ({node.RestUri}): {Reason(ex)}");
            }
        }

        throw new AppUnavailableException(reasons);
    }

    public void Dispose() => _http.Dispose();

    private static string Reason(Exception ex) => ex is TaskCanceledException ? "no answer within 5 s" : ex.InnerException?.Message ?? ex.Message;

    private static HttpClient NewClient(string? apiKey)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("api-key", apiKey);
        }

        return http;
    }
}
