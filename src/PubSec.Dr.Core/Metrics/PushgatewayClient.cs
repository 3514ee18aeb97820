using System.Net.Http.Headers;
using System.Text;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Metrics;

/// <summary>
/// PUT /metrics/job/&lt;job&gt; on a Pushgateway: the job's group is replaced whole, so a metric that disappeared
/// (a backup source removed) does not linger. A user:password in the URI goes as Basic authentication and is never
/// written into a message.
/// </summary>
public sealed class PushgatewayClient : IMetricsPushConnector
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task PushAsync(Uri gateway, string job, string text, CancellationToken ct)
    {
        var shown = Shown(gateway);
        var target = new Uri(new Uri(gateway.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/"), $"metrics/job/{Uri.EscapeDataString(job)}");
        using var request = new HttpRequestMessage(HttpMethod.Put, target)
        {
            Content = new StringContent(text, new UTF8Encoding(false), "text/plain"),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain; version=0.0.4; charset=utf-8");
        if (!string.IsNullOrEmpty(gateway.UserInfo))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(gateway.UserInfo))));
        }

        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw Failed(shown, ex.Message, DrErrorCategory.ConnectionError, ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var category = (int)response.StatusCode is 401 or 403 ? DrErrorCategory.AuthenticationError : DrErrorCategory.WriteError;
                throw Failed(shown, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", category, null);
            }
        }
    }

    /// <summary>The gateway as it may be printed: scheme, host, port and path, no user or password.</summary>
    public static string Shown(Uri gateway) => new UriBuilder(gateway) { UserName = string.Empty, Password = string.Empty, Query = string.Empty }.Uri.GetLeftPart(UriPartial.Path);

    private static DrException Failed(string shown, string why, DrErrorCategory category, Exception? inner) => new(ErrorIds.MetricsPushFailed, category,
        $"The metrics could not be pushed to the Pushgateway {shown}: {why}",
        "Check the -PushgatewayUrl and that the gateway is reachable; the metrics file (-Path), when given, was written.", shown, inner);
}
