using PubSec.Dr.Network;

namespace PubSec.Dr.Readiness;

/// <summary>The region's application answers 200 on <c>/ready</c> at its own address (not through the public name, which may point elsewhere).</summary>
internal static class ApplicationProbe
{
    public const string Check = "Application /ready";

    public static ReadinessProbe Create(IHttpProbeConnector http, Uri baseUrl, TimeSpan timeout) =>
        new(Check, ReadinessCategory.Application, "200 from /ready", async ct =>
        {
            var url = new Uri(new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/"), "ready");
            var result = await http.ProbeAsync(new HttpProbeRequest(url, null, timeout), ct).ConfigureAwait(false);
            var passed = result.StatusCode == 200;
            var observed = result.StatusCode is { } code ? $"{code} from {url} in {result.Latency.TotalMilliseconds:0} ms{Snippet(result.Body, passed)}" : $"{url}: {result.Error}";
            return ReadinessChecks.One(ReadinessChecks.Make(ReadinessCategory.Application, Check, passed ? ReadinessStatus.Passed : ReadinessStatus.Failed,
                "200 from /ready", observed, result.Latency,
                "The application is not ready here: look at its pods and logs; /ready fails while its Qdrant or Redis is down."));
        });

    private static string Snippet(string body, bool passed)
    {
        var text = body.Trim().ReplaceLineEndings(" ");
        return passed || text.Length == 0 ? string.Empty : $": {(text.Length > 200 ? text[..200] + "..." : text)}";
    }
}
