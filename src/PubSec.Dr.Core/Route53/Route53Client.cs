using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Xml;
using System.Xml.Linq;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;

namespace PubSec.Dr.Route53;

/// <summary>
/// Route53's REST API (2013-04-01) over one HttpClient: each request signed (<see cref="Route53Signer"/>), bounded by
/// the request deadline, retried with back-off on Throttling/PriorRequestNotComplete, and for reads also on 5xx,
/// connection failures and timeouts. Writes are not resent after a failure whose outcome is unknown.
/// </summary>
public sealed class Route53Client : IRoute53Client
{
    private const string Version = "2013-04-01";
    private readonly HttpClient _http;
    private readonly Route53Connection _connection;

    public Route53Client(Route53Connection connection, HttpMessageHandler? handler = null)
    {
        _connection = connection;
        // The handler is injected by tests; the real one has the connect deadline. Requests carry their own deadline.
        _http = new HttpClient(handler ?? NetworkHandlers.Create(connection.Deadlines), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public Uri Endpoint => _connection.Endpoint;

    public async Task<Route53HostedZone> GetHostedZoneAsync(string hostedZoneId, CancellationToken cancellationToken)
    {
        var id = Route53Names.BareId(hostedZoneId);
        var document = await SendAsync(Route53Operations.GetHostedZone, HttpMethod.Get, $"hostedzone/{id}", null, id, cancellationToken).ConfigureAwait(false);
        return Read(Route53Operations.GetHostedZone, id, () => Route53Xml.HostedZone(document));
    }

    public async IAsyncEnumerable<Route53RecordSet> ListRecordSetsAsync(string hostedZoneId, Route53ListPosition? start,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = Route53Names.BareId(hostedZoneId);
        var seen = new HashSet<(string, string, string)>();
        var position = start;
        while (true)
        {
            var query = position is null ? string.Empty : "?" + string.Join('&', new[]
            {
                "name=" + Uri.EscapeDataString(position.Name),
                position.Type is null ? null : "type=" + Uri.EscapeDataString(position.Type),
                position.Identifier is null ? null : "identifier=" + Uri.EscapeDataString(position.Identifier),
            }.OfType<string>());
            var document = await SendAsync(Route53Operations.List, HttpMethod.Get, $"hostedzone/{id}/rrset{query}", null, id, cancellationToken)
                .ConfigureAwait(false);
            var (sets, next) = Read(Route53Operations.List, id, () => Route53Xml.RecordSetPage(document));
            foreach (var set in sets)
            {
                // A server that pages a failover pair without NextRecordIdentifier (moto) serves the same sets again.
                if (seen.Add((Route53Names.Normalize(set.Name), set.Type.ToUpperInvariant(), set.SetIdentifier ?? string.Empty)))
                {
                    yield return set;
                }
            }

            if (next is null)
            {
                yield break;
            }

            if (next == position)
            {
                throw Route53Errors.Invalid(Route53Operations.List,
                    $"it says the list goes on at name '{next.Name}', type '{next.Type}', identifier '{next.Identifier ?? "(none)"}', which is where this page started, "
                    + "so paging would never end (a server that does not page record sets with the same name and type by SetIdentifier).", id);
            }

            position = next;
        }
    }

    public async Task<Route53ChangeInfo> ChangeRecordSetsAsync(string hostedZoneId, Route53ChangeBatch batch, CancellationToken cancellationToken)
    {
        var id = Route53Names.BareId(hostedZoneId);
        var body = Route53Xml.ChangeBatchRequest(batch);
        var document = await SendAsync(Route53Operations.Change, HttpMethod.Post, $"hostedzone/{id}/rrset/", body, id, cancellationToken).ConfigureAwait(false);
        return Read(Route53Operations.Change, id, () => Route53Xml.ChangeInfo(document));
    }

    public async Task<Route53ChangeInfo> GetChangeAsync(string changeId, CancellationToken cancellationToken)
    {
        var id = Route53Names.BareId(changeId);
        var document = await SendAsync(Route53Operations.GetChange, HttpMethod.Get, $"change/{id}", null, id, cancellationToken).ConfigureAwait(false);
        return Read(Route53Operations.GetChange, id, () => Route53Xml.ChangeInfo(document));
    }

    public void Dispose() => _http.Dispose();

    private async Task<XDocument> SendAsync(string operation, HttpMethod method, string path, byte[]? body, string target, CancellationToken cancellationToken)
    {
        var idempotent = method == HttpMethod.Get;
        var retry = _connection.Retry;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DrException failure;
            var mayRetry = idempotent;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(_connection.Deadlines.Request);
                try
                {
                    using var request = await BuildAsync(method, path, body, deadline.Token).ConfigureAwait(false);
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
                    var text = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return Parse(operation, text, target);
                    }

                    var error = Route53Xml.Error(text);
                    var code = error?.Code ?? (response.StatusCode == HttpStatusCode.Forbidden ? "AccessDenied" : $"HTTP{(int)response.StatusCode}");
                    failure = Route53Errors.Map(operation, response.StatusCode, code, error?.Message ?? Snippet(text), target);
                    mayRetry = Route53Errors.IsRetryable(code) || (idempotent && (int)response.StatusCode >= 500);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = Route53Errors.Timeout(_connection.Endpoint, operation, _connection.Deadlines.Request, ex);
                }
                catch (HttpRequestException ex)
                {
                    failure = Route53Errors.Unreachable(_connection.Endpoint, ex);
                }
            }

            if (!mayRetry || attempt >= retry.MaxAttempts)
            {
                throw failure;
            }

            await retry.Delay(retry.DelayBefore(attempt - 1), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpRequestMessage> BuildAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(_connection.Endpoint, $"/{Version}/{path}"));
        if (body is not null)
        {
            // A buffered body with exactly the content type that is signed (StringContent would add "; charset=utf-8").
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        }

        var credentials = await _connection.Credentials.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        Route53Signer.Sign(request, body ?? [], credentials, _connection.SigningRegion, _connection.Clock());
        return request;
    }

    private static XDocument Parse(string operation, string text, string target)
    {
        try
        {
            return XDocument.Parse(text);
        }
        catch (XmlException ex)
        {
            throw Route53Errors.Invalid(operation, "the answer is not XML: " + Snippet(text), target, ex);
        }
    }

    private static T Read<T>(string operation, string target, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (FormatException ex)
        {
            throw Route53Errors.Invalid(operation, ex.Message, target, ex);
        }
    }

    private static string Snippet(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 200 ? flat : flat[..200] + "...";
    }
}
