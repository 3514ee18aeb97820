using System.Net;
using PubSec.Dr.Dns;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using PubSec.Dr.Service;
using PubSec.Dr.Tests.Readiness;

namespace PubSec.Dr.Tests.Service;

public sealed class PublicServiceCheckTests
{
    private const string Results = """{"region":"primary","results":[{"id":1,"text":"a document"}]}""";

    private readonly FakeDns _dns = new();
    private readonly ScriptedHttp _http = new();
    private readonly DrEnvironment _environment = DrEnvironmentLoader.Parse("""
        {
          "name": "test",
          "regions": {
            "primary": { "application": { "baseUrl": "http://127.0.0.2:18080" } },
            "secondary": { "application": { "baseUrl": "http://127.0.0.3:18080" } },
            "third": { }
          },
          "service": { "publicUrl": "http://pubsec-info-assistant.com:18080", "testQuery": "tax document", "maxLatencyMs": 2000 },
          "dns": {
            "route53": { "hostedZoneId": "Z123" },
            "records": [ { "name": "pubsec-info-assistant.com.", "values": { "primary": ["127.0.0.2"], "secondary": ["127.0.0.3"], "third": ["10.9.9.9"] } } ],
            "resolvers": [
              { "name": "authoritative", "address": "127.0.0.1:5353", "authoritative": true },
              { "name": "caching", "address": "127.0.0.1:5354" }
            ]
          }
        }
        """, "/tmp/service-test/env.json");

    public PublicServiceCheckTests()
    {
        _http.Answers["/health"] = ScriptedHttp.Ok(region: "primary");
        _http.Answers["/ready"] = ScriptedHttp.Ok(region: "primary");
        _http.Answers["/api/v1/query"] = ScriptedHttp.Ok(Results, region: "primary");
    }

    [Fact]
    public async Task It_asks_the_first_caching_resolver_and_sends_every_check_to_the_resolved_address_under_the_public_name()
    {
        _dns.Answer = IPAddress.Parse("127.0.0.2");

        var rows = await Check().RunAsync(CancellationToken.None);

        Assert.Equal(IPEndPoint.Parse("127.0.0.1:5354"), _dns.AskedResolver);
        Assert.Equal("pubsec-info-assistant.com", _dns.AskedName);
        Assert.Equal([ServiceCheck.Health, ServiceCheck.Ready, ServiceCheck.Query], rows.Select(r => r.Result.Check));
        Assert.All(_http.Requests, r => Assert.Equal(IPAddress.Parse("127.0.0.2"), r.ConnectTo));
        Assert.All(_http.Requests, r => Assert.Equal("pubsec-info-assistant.com", r.Url.Host));
        Assert.Equal("?query=tax%20document", _http.Requests[2].Url.Query);
        Assert.All(rows, r => Assert.True(r.Result.Passed, r.Result.Detail));
        Assert.All(rows, r => Assert.Null(r.Failure));
        Assert.All(rows, r => Assert.Equal("primary", r.Result.Region));
        Assert.All(rows, r => Assert.Equal("primary", r.Result.AnsweredBy));
        Assert.Contains("1 result(s)", rows[2].Result.Detail);
    }

    [Theory]
    [InlineData("127.0.0.3", "secondary")]
    [InlineData("10.9.9.9", "third")]
    [InlineData("192.0.2.1", "")]
    public async Task The_region_is_the_one_whose_application_address_or_record_value_was_resolved(string address, string region)
    {
        _dns.Answer = IPAddress.Parse(address);

        var rows = await Check().RunAsync(CancellationToken.None);

        Assert.All(rows, r => Assert.Equal(region, r.Result.Region));
        Assert.All(rows, r => Assert.Equal(address, r.Result.ResolvedAddress));
    }

    [Fact]
    public async Task An_answer_slower_than_MaxLatency_fails_its_check()
    {
        _dns.Answer = IPAddress.Parse("127.0.0.2");
        _http.Answers["/ready"] = ScriptedHttp.Ok(ms: 2500, region: "primary");

        var rows = await Check().RunAsync(CancellationToken.None);

        var ready = rows.Single(r => r.Result.Check == ServiceCheck.Ready);
        Assert.False(ready.Result.Passed);
        Assert.Contains("2500 ms, above the 2000 ms allowed", ready.Result.Detail);
        Assert.Equal(ErrorIds.ServiceCheckFailed, ready.Failure!.ErrorId);
        Assert.True(rows.Single(r => r.Result.Check == ServiceCheck.Health).Result.Passed);
    }

    [Theory]
    [InlineData("""{"results":[]}""")]
    [InlineData("""{"answer":""}""")]
    [InlineData("not json")]
    public async Task A_query_without_an_answer_fails(string body)
    {
        _dns.Answer = IPAddress.Parse("127.0.0.2");
        _http.Answers["/api/v1/query"] = ScriptedHttp.Ok(body);

        var rows = await Check().RunAsync(CancellationToken.None);

        Assert.False(rows.Single(r => r.Result.Check == ServiceCheck.Query).Result.Passed);
    }

    [Fact]
    public async Task A_refused_connection_is_a_failed_row_not_an_error()
    {
        _dns.Answer = IPAddress.Parse("127.0.0.2");
        _http.Answers.Clear();

        var rows = await Check().RunAsync(CancellationToken.None);

        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.False(r.Result.Passed));
        Assert.All(rows, r => Assert.Null(r.Result.StatusCode));
        Assert.All(rows, r => Assert.Contains("Connection refused", r.Result.Detail));
    }

    [Fact]
    public async Task With_an_expected_region_every_row_requires_that_region_to_have_answered()
    {
        _dns.Answer = IPAddress.Parse("127.0.0.2");

        var wrong = await Check(expected: "secondary").RunAsync(CancellationToken.None);
        var right = await Check(expected: "primary").RunAsync(CancellationToken.None);

        Assert.All(wrong, r => Assert.False(r.Result.Passed));
        Assert.All(wrong, r => Assert.Contains("expected 'secondary'", r.Result.Detail));
        Assert.All(right, r => Assert.True(r.Result.Passed, r.Result.Detail));
    }

    [Fact]
    public async Task An_application_header_naming_another_region_than_the_address_fails_the_expected_region()
    {
        _dns.Answer = IPAddress.Parse("127.0.0.3");

        var rows = await Check(expected: "secondary").RunAsync(CancellationToken.None);

        Assert.All(rows, r => Assert.False(r.Result.Passed));
        Assert.All(rows, r => Assert.Equal("primary", r.Result.AnsweredBy));
    }

    [Fact]
    public async Task A_resolver_given_explicitly_is_the_one_asked_and_its_failures_stop_the_run()
    {
        _dns.Failure = new DrException(ErrorIds.DnsResolverUnreachable, DrErrorCategory.ConnectionError, "no answer", "check it");
        var check = new PublicServiceCheck(_dns, _http, _environment) { Resolver = IPEndPoint.Parse("10.0.0.53:53") };

        var error = await Assert.ThrowsAsync<DrException>(() => check.RunAsync(CancellationToken.None));

        Assert.Equal(ErrorIds.DnsResolverUnreachable, error.ErrorId);
        Assert.Equal(IPEndPoint.Parse("10.0.0.53:53"), _dns.AskedResolver);
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task An_unknown_expected_region_is_refused_before_anything_is_asked()
    {
        var error = await Assert.ThrowsAsync<DrException>(() => Check(expected: "nowhere").RunAsync(CancellationToken.None));

        Assert.Equal(ErrorIds.EnvironmentRegionUnknown, error.ErrorId);
        Assert.Null(_dns.AskedName);
    }

    private PublicServiceCheck Check(string? expected = null) => new(_dns, _http, _environment) { ExpectedRegion = expected };

    private sealed class FakeDns : IDnsLookupConnector
    {
        public IPAddress Answer { get; set; } = IPAddress.Loopback;

        public DrException? Failure { get; set; }

        public IPEndPoint? AskedResolver { get; private set; }

        public string? AskedName { get; private set; }

        public Task<DnsAddressAnswer> LookupAddressesAsync(IPEndPoint resolver, string name, TimeSpan timeout, CancellationToken ct)
        {
            AskedResolver = resolver;
            AskedName = name;
            return Failure is not null ? Task.FromException<DnsAddressAnswer>(Failure) : Task.FromResult(new DnsAddressAnswer(name, resolver, [Answer], 5));
        }
    }
}
