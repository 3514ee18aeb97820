using System.Net;
using System.Net.Sockets;
using System.Text;
using PubSec.Dr.Dns;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;

namespace PubSec.Dr.Tests.Service;

/// <summary>The real probe and lookup against loopback sockets: the pinned address, the kept Host header, refusals as results.</summary>
public sealed class HttpProbeTests
{
    [Fact]
    public async Task A_probe_pinned_to_an_address_connects_there_and_keeps_the_public_name_as_Host()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = ServeOnceAsync(listener);

        var result = await new HttpProbe().ProbeAsync(
            new HttpProbeRequest(new Uri($"http://pubsec-info-assistant.invalid:{port}/ready"), IPAddress.Loopback, TimeSpan.FromSeconds(5)), CancellationToken.None);
        await serving;

        Assert.Null(result.Error);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal($"pubsec-info-assistant.invalid:{port}", result.Body);
        Assert.Equal("secondary", result.Header("X-PubSec-Region"));
    }

    [Fact]
    public async Task Request_headers_are_sent_and_the_requests_text_does_not_show_them()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = ServeOnceAsync(listener, "X-Api-Key");
        var request = new HttpProbeRequest(new Uri($"http://127.0.0.1:{port}/api/v1/query?query=x"), null, TimeSpan.FromSeconds(5),
            new Dictionary<string, string> { ["X-Api-Key"] = "drill-key-value" });

        var result = await new HttpProbe().ProbeAsync(request, CancellationToken.None);
        await serving;

        Assert.Equal("drill-key-value", result.Body);
        Assert.DoesNotContain("drill-key-value", request.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_a_result_with_the_reason_not_an_exception()
    {
        var port = FreePort();

        var result = await new HttpProbe().ProbeAsync(new HttpProbeRequest(new Uri($"http://pubsec.invalid:{port}/health"), IPAddress.Loopback, TimeSpan.FromSeconds(5)), CancellationToken.None);

        Assert.Null(result.StatusCode);
        Assert.Contains("refused", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_silent_server_ends_in_a_timeout_result()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await new HttpProbe().ProbeAsync(new HttpProbeRequest(new Uri($"http://127.0.0.1:{port}/ready"), null, TimeSpan.FromMilliseconds(300)), CancellationToken.None);

        Assert.Null(result.StatusCode);
        Assert.Contains("no answer within 0.3 s", result.Error);
    }

    [Fact]
    public async Task A_resolver_that_does_not_answer_is_DnsResolverUnreachable()
    {
        // A UDP socket that reads nothing: queries arrive and are never answered.
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var resolver = (IPEndPoint)silent.Client.LocalEndPoint!;

        var error = await Assert.ThrowsAsync<DrException>(() => new DnsClientLookup().LookupAddressesAsync(resolver, "pubsec-info-assistant.com", TimeSpan.FromMilliseconds(300), CancellationToken.None));

        Assert.Equal(ErrorIds.DnsResolverUnreachable, error.ErrorId);
    }

    /// <summary>Answers one request with the value of its <paramref name="echo"/> header as the body.</summary>
    private static async Task ServeOnceAsync(TcpListener listener, string echo = "Host")
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        var host = string.Empty;
        for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
        {
            if (line.StartsWith(echo + ":", StringComparison.OrdinalIgnoreCase))
            {
                host = line[(echo.Length + 1)..].Trim();
            }
        }

        var body = Encoding.ASCII.GetBytes(host);
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nX-PubSec-Region: secondary\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head);
        await stream.WriteAsync(body);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
