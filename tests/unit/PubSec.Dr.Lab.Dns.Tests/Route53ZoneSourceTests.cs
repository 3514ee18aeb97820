using System.Net;
using System.Text;

namespace PubSec.Dr.Lab.Dns.Tests;

/// <summary>Reading the zone from moto's ListResourceRecordSets: the service routing header, paging, the records kept.</summary>
public sealed class Route53ZoneSourceTests
{
    private const string Ns = "https://route53.amazonaws.com/doc/2013-04-01/";

    [Fact]
    public async Task Every_page_is_read_and_each_request_names_route53_in_its_credential_scope()
    {
        var handler = new PagedHandler(
            Page("www." + TestZones.Zone, "CNAME", Set(TestZones.Zone, "NS", 172800, "ns-1.example.")),
            Page(null, null, Set(TestZones.Zone, "A", 5, "127.0.0.2"), Set("www." + TestZones.Zone, "CNAME", 60, TestZones.Zone)));
        var source = new Route53ZoneSource(new HttpClient(handler), new Uri("http://127.0.0.1:5000"), "/hostedzone/ZONE1", TestZones.Zone);

        var zone = await source.ReadAsync(CancellationToken.None);

        Assert.Equal(["/2013-04-01/hostedzone/ZONE1/rrset", "/2013-04-01/hostedzone/ZONE1/rrset?name=www.pubsec-info-assistant.com.&type=CNAME"],
            handler.Requests.Select(r => r.PathAndQuery));
        Assert.All(handler.Authorizations, a => Assert.Contains("/route53/", a));
        Assert.Equal(["A", "CNAME", "NS"], zone.RecordSets.Select(r => r.Type).Order());
    }

    [Fact]
    public async Task A_page_that_does_not_advance_ends_the_listing()
    {
        // moto pages through a failover pair without NextRecordIdentifier, so it would hand out the same page forever.
        var handler = new PagedHandler(Page(TestZones.Zone, "A", Set(TestZones.Zone, "A", 5, "127.0.0.2")));
        var source = new Route53ZoneSource(new HttpClient(handler), new Uri("http://127.0.0.1:5000"), "ZONE1", TestZones.Zone);

        var zone = await source.ReadAsync(CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
        Assert.Single(zone.RecordSets);
    }

    [Fact]
    public async Task Of_a_failover_pair_the_primary_is_served_and_alias_records_are_skipped()
    {
        var handler = new PagedHandler(Page(null, null,
            Set(TestZones.Zone, "A", 5, "127.0.0.3", "<SetIdentifier>b</SetIdentifier><Failover>SECONDARY</Failover>"),
            Set(TestZones.Zone, "A", 5, "127.0.0.2", "<SetIdentifier>a</SetIdentifier><Failover>PRIMARY</Failover>"),
            $"<ResourceRecordSet><Name>alias.{TestZones.Zone}</Name><Type>A</Type><AliasTarget><HostedZoneId>Z</HostedZoneId><DNSName>x.</DNSName><EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>"));
        var source = new Route53ZoneSource(new HttpClient(handler), new Uri("http://127.0.0.1:5000"), "ZONE1", TestZones.Zone);

        var zone = await source.ReadAsync(CancellationToken.None);

        Assert.Equal(["127.0.0.2"], Assert.Single(zone.RecordSets).Values);
    }

    private static string Set(string name, string type, int ttl, string value, string extra = "") =>
        $"<ResourceRecordSet><Name>{name}</Name><Type>{type}</Type>{extra}<TTL>{ttl}</TTL><ResourceRecords><ResourceRecord><Value>{value}</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>";

    private static string Page(string? nextName, string? nextType, params string[] sets)
    {
        var next = nextName is null ? "" : $"<NextRecordName>{nextName}</NextRecordName><NextRecordType>{nextType}</NextRecordType>";
        return $"<?xml version=\"1.0\"?><ListResourceRecordSetsResponse xmlns=\"{Ns}\"><ResourceRecordSets>{string.Concat(sets)}</ResourceRecordSets>" +
               $"<IsTruncated>{(nextName is null ? "false" : "true")}</IsTruncated>{next}<MaxItems>300</MaxItems></ListResourceRecordSetsResponse>";
    }

    /// <summary>Answers the n-th request with the n-th page, and every request past the pages with the last one.</summary>
    private sealed class PagedHandler(params string[] pages) : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];
        public List<string> Authorizations { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!);
            Authorizations.Add(request.Headers.TryGetValues("Authorization", out var v) ? string.Join(",", v) : "");
            var body = pages[Math.Min(Requests.Count, pages.Length) - 1];
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/xml") });
        }
    }
}
