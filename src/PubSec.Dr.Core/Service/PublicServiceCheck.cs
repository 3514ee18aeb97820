using System.Globalization;
using System.Net;
using PubSec.Dr.Dns;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Service;

/// <summary>
/// Test-DrService (plan 2.1 step 4, 6.1): the service as a user reaches it. Resolves the public name through one
/// resolver (by default the environment's first non-authoritative one: what users sit behind), then sends /health,
/// /ready and the test query to the resolved address with the public name as Host and TLS name, and judges status,
/// answer, latency and, when asked, which region answered. A refused connection is a failed row, not an error: the
/// rows are the answer. Only a resolver that does not answer or a name it cannot resolve stops the run.
/// </summary>
public sealed class PublicServiceCheck(IDnsLookupConnector dns, IHttpProbeConnector http, DrEnvironment environment)
{
    public const string RegionHeader = "X-PubSec-Region";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The resolver to ask; null: the environment's first non-authoritative resolver.</summary>
    public IPEndPoint? Resolver { get; init; }

    /// <summary>When set, every check also requires that this region answered.</summary>
    public string? ExpectedRegion { get; init; }

    /// <summary>How long the resolver and each request may take (a slow answer within it still fails on latency).</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public IOperationLog Log { get; init; } = NullOperationLog.Instance;

    /// <summary>One row per check, each with ServiceCheckFailed beside it when it failed.</summary>
    public async Task<IReadOnlyList<(ServiceCheckResult Result, DrException? Failure)>> RunAsync(CancellationToken ct)
    {
        var service = environment.RequireService();
        if (ExpectedRegion is not null)
        {
            environment.Region(ExpectedRegion);
        }

        var resolver = Resolver ?? DefaultResolver();
        var host = service.PublicUrl.IdnHost;
        var address = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? literal
            : (await dns.LookupAddressesAsync(resolver, host, Timeout, ct).ConfigureAwait(false)).Addresses[0];
        var region = ServiceRegionMatch.Of(environment, address, host);
        Log.Verbose($"{resolver} resolves {host} to {address}{(region.Length > 0 ? $" (region {region})" : string.Empty)}.");

        var baseUrl = new Uri(service.PublicUrl.AbsoluteUri.TrimEnd('/') + "/");
        var requests = new (ServiceCheck Check, Uri Url)[]
        {
            (ServiceCheck.Health, new Uri(baseUrl, "health")),
            (ServiceCheck.Ready, new Uri(baseUrl, "ready")),
            (ServiceCheck.Query, new Uri(baseUrl, "api/v1/query?query=" + Uri.EscapeDataString(service.TestQuery))),
        };
        var rows = new List<(ServiceCheckResult, DrException?)>();
        foreach (var (check, url) in requests)
        {
            // One after another, as a user's requests come: parallel requests would measure each other's load.
            var answer = await http.ProbeAsync(new HttpProbeRequest(url, address, Timeout), ct).ConfigureAwait(false);
            var row = Judge(check, url, answer, service.MaxLatency);
            row.ResolvedAddress = address.ToString();
            row.Resolver = resolver.ToString();
            row.Region = region;
            if (ExpectedRegion is not null)
            {
                RequireRegion(row, ExpectedRegion);
            }

            rows.Add((row, row.Passed ? null : new DrException(ErrorIds.ServiceCheckFailed, DrErrorCategory.InvalidResult,
                $"{check} through {host} ({address}) failed: {row.Detail}",
                "Check the region that answered (Test-DrRegionReadiness) and, after a DNS switch, that resolvers see it (Test-DrDnsPropagation).", url.AbsoluteUri)));
        }

        return rows;
    }

    private ServiceCheckResult Judge(ServiceCheck check, Uri url, HttpProbeResult answer, TimeSpan maxLatency)
    {
        var row = new ServiceCheckResult
        {
            Check = check,
            Url = url.AbsoluteUri,
            StatusCode = answer.StatusCode,
            Latency = answer.Latency,
            AnsweredBy = answer.Header(RegionHeader) ?? string.Empty,
        };
        var problems = new List<string>();
        var seen = new List<string>();
        if (answer.StatusCode is not { } code)
        {
            problems.Add($"no answer: {answer.Error}");
        }
        else if (code != 200)
        {
            problems.Add($"status {code}, expected 200");
        }
        else
        {
            seen.Add("200");
        }

        if (check == ServiceCheck.Query && answer.StatusCode == 200)
        {
            var (nonEmpty, what) = ServiceAnswerRules.Inspect(answer.Body);
            (nonEmpty ? seen : problems).Add(what);
        }

        var ms = answer.Latency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
        if (answer.StatusCode is not null && answer.Latency > maxLatency)
        {
            problems.Add($"{ms} ms, above the {maxLatency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms allowed (service.maxLatencyMs)");
        }
        else if (answer.StatusCode is not null)
        {
            seen.Add($"{ms} ms");
        }

        row.Passed = problems.Count == 0;
        row.Detail = string.Join(", ", row.Passed ? seen : problems);
        return row;
    }

    /// <summary>
    /// With -Region: the row fails unless the expected region answered, by the address's region and by the
    /// application's own header (each when known; knowing neither fails too, since nothing proves who answered).
    /// </summary>
    internal static void RequireRegion(ServiceCheckResult row, string expected)
    {
        var names = new[] { row.Region, row.AnsweredBy }.Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count > 0 && names.All(n => string.Equals(n, expected, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        row.Passed = false;
        var who = names.Count == 0 ? "an address of no known region" : $"region {string.Join(" / ", names.Select(n => $"'{n}'"))}";
        row.Detail = $"answered by {who} ({row.ResolvedAddress}), expected '{expected}'; {row.Detail}";
    }

    private IPEndPoint DefaultResolver() =>
        environment.Dns?.Resolvers.FirstOrDefault(r => !r.Authoritative)?.Address
        ?? throw new DrException(ErrorIds.EnvironmentSectionMissing, DrErrorCategory.InvalidArgument,
            $"The environment '{environment.Name}' names no non-authoritative resolver (dns.resolvers) to resolve the public name through.",
            "Give -Resolver host:port, or add the resolver users sit behind to dns.resolvers in the environment file.", "dns.resolvers");
}
