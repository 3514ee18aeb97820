using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Network;

/// <summary>
/// <see cref="IHttpProbeConnector"/> over SocketsHttpHandler. A fresh handler per probe: no pooled connection can
/// hide a region that stopped answering, and the ConnectCallback can pin the connection to the resolved address
/// without touching the URL, so Host and SNI stay the public name. No proxy: a probe must reach the address it names.
/// </summary>
internal sealed class HttpProbe : IHttpProbeConnector
{
    /// <summary>Enough of a body to judge an answer; a probe never reads a large download.</summary>
    public const int MaxBodyChars = 64 * 1024;

    public async Task<HttpProbeResult> ProbeAsync(HttpProbeRequest request, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectTimeout = request.Timeout,
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.Zero,
        };
        if (request.ConnectTo is { } address)
        {
            handler.ConnectCallback = (context, token) => ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), token);
        }

        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(request.Timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, request.Url);
            foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var body = await ReadBodyAsync(response, deadline.Token).ConfigureAwait(false);
            var headers = response.Headers.Concat(response.Content.Headers)
                .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().Value.FirstOrDefault() ?? string.Empty, StringComparer.OrdinalIgnoreCase);
            return new HttpProbeResult((int)response.StatusCode, body, headers, clock.Elapsed, null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return HttpProbeResult.Failed($"no answer within {request.Timeout.TotalSeconds:0.###} s", clock.Elapsed);
        }
        catch (HttpRequestException ex) when (ExceptionChain.Find<AuthenticationException>(ex) is not null)
        {
            return HttpProbeResult.Failed($"TLS handshake failed: {ExceptionChain.Innermost(ex)?.Message}", clock.Elapsed);
        }
        catch (HttpRequestException ex)
        {
            return HttpProbeResult.Failed(SecretMask.Apply(ExceptionChain.Find<SocketException>(ex)?.Message ?? ex.Message), clock.Elapsed);
        }
    }

    private static async ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken ct)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[MaxBodyChars];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await reader.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return new string(buffer, 0, read);
    }
}
