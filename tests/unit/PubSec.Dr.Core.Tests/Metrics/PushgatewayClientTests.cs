using System.Net;
using System.Net.Sockets;
using System.Text;
using PubSec.Dr.Errors;
using PubSec.Dr.Metrics;
using Xunit;

namespace PubSec.Dr.Tests.Metrics;

/// <summary>PushgatewayClient against a local HTTP listener standing in for the gateway.</summary>
public sealed class PushgatewayClientTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly int _port;

    public PushgatewayClientTests()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
    }

    public void Dispose() => _listener.Close();

    private async Task<(string Method, string Path, string? Authorization, string ContentType, string Body)> AnswerOnceAsync(int status)
    {
        var context = await _listener.GetContextAsync();
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var seen = (context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], context.Request.ContentType ?? "", await reader.ReadToEndAsync());
        context.Response.StatusCode = status;
        context.Response.Close();
        return seen;
    }

    [Fact]
    public async Task Puts_the_text_under_the_job_with_basic_authentication_from_the_uri()
    {
        var answer = AnswerOnceAsync(200);

        await new PushgatewayClient().PushAsync(new Uri($"http://ops:s3cret@127.0.0.1:{_port}/gw/"), "pubsec_dr", "up 1\n", CancellationToken.None);

        var seen = await answer;
        Assert.Equal(("PUT", "/gw/metrics/job/pubsec_dr", "up 1\n"), (seen.Method, seen.Path, seen.Body));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:s3cret")), seen.Authorization);
        Assert.StartsWith("text/plain; version=0.0.4", seen.ContentType);
    }

    [Fact]
    public async Task A_refused_push_is_MetricsPushFailed_naming_the_gateway_without_its_password()
    {
        var answer = AnswerOnceAsync(401);

        var ex = await Assert.ThrowsAsync<DrException>(() => new PushgatewayClient().PushAsync(new Uri($"http://ops:s3cret@127.0.0.1:{_port}/"), "pubsec_dr", "up 1\n", CancellationToken.None));
        await answer;

        Assert.Equal((ErrorIds.MetricsPushFailed, DrErrorCategory.AuthenticationError), (ex.ErrorId, ex.Category));
        Assert.Contains($"http://127.0.0.1:{_port}/", ex.Message);
        Assert.DoesNotContain("s3cret", ex.Message + ex.Target);
    }
}
