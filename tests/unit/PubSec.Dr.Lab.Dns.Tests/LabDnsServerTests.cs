using DnsClient;
using DnsClient.Protocol;

namespace PubSec.Dr.Lab.Dns.Tests;

/// <summary>What the server answers, over the wire, as a resolver sees it.</summary>
public sealed class LabDnsServerTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await RunningServer.StartAsync(new FakeZoneSource(TestZones.WithA("127.0.0.2")), TimeSpan.FromSeconds(3));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_A_record_comes_back_authoritative_with_its_Route53_TTL(bool tcp)
    {
        var response = await _server.Client(tcp).QueryAsync(TestZones.Zone, QueryType.A);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.True(response.Header.HasAuthorityAnswer);
        var a = Assert.Single(response.Answers.ARecords());
        Assert.Equal("127.0.0.2", a.Address.ToString());
        Assert.Equal(5, a.InitialTimeToLive);
    }

    [Fact]
    public async Task A_CNAME_is_chased_inside_the_zone_each_record_with_its_own_TTL()
    {
        var response = await _server.Client().QueryAsync("WWW.pubsec-info-assistant.com", QueryType.A);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        var cname = Assert.Single(response.Answers.CnameRecords());
        Assert.Equal(TestZones.Zone, cname.CanonicalName.Value);
        Assert.Equal(60, cname.InitialTimeToLive);
        var a = Assert.Single(response.Answers.ARecords());
        Assert.Equal(5, a.InitialTimeToLive);
    }

    [Fact]
    public async Task A_CNAME_to_a_name_outside_the_zone_is_answered_without_following_it()
    {
        var response = await _server.Client().QueryAsync("out." + TestZones.Zone, QueryType.A);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.Equal("elsewhere.example.org.", Assert.Single(response.Answers.CnameRecords()).CanonicalName.Value);
        Assert.Empty(response.Answers.ARecords());
    }

    [Fact]
    public async Task AAAA_TXT_NS_and_SOA_are_served()
    {
        var client = _server.Client();
        var aaaa = Assert.Single((await client.QueryAsync("v6." + TestZones.Zone, QueryType.AAAA)).Answers.AaaaRecords());
        Assert.Equal("::2", aaaa.Address.ToString());
        Assert.Equal(20, aaaa.InitialTimeToLive);

        var txt = Assert.Single((await client.QueryAsync("txt." + TestZones.Zone, QueryType.TXT)).Answers.TxtRecords());
        Assert.Equal(["hello world", "second"], txt.Text);

        var ns = (await client.QueryAsync(TestZones.Zone, QueryType.NS)).Answers.NsRecords().ToList();
        Assert.Equal(2, ns.Count);
        Assert.All(ns, r => Assert.Equal(172800, r.InitialTimeToLive));

        var soa = Assert.Single((await client.QueryAsync(TestZones.Zone, QueryType.SOA)).Answers.SoaRecords());
        Assert.Equal("ns-2048.awsdns-64.com.", soa.MName.Value);
        Assert.Equal(86400u, soa.Minimum);
        Assert.Equal(900, soa.InitialTimeToLive);
    }

    [Fact]
    public async Task An_absent_name_is_NXDOMAIN_with_the_SOA_in_authority()
    {
        var response = await _server.Client().QueryAsync("missing." + TestZones.Zone, QueryType.A);

        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, response.Header.ResponseCode);
        Assert.True(response.Header.HasAuthorityAnswer);
        Assert.Empty(response.Answers);
        Assert.Single(response.Authorities.SoaRecords());
    }

    [Fact]
    public async Task An_absent_type_is_NOERROR_with_no_answer_and_the_SOA_in_authority()
    {
        var response = await _server.Client().QueryAsync(TestZones.Zone, QueryType.AAAA);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.Empty(response.Answers);
        Assert.Single(response.Authorities.SoaRecords());
    }

    [Fact]
    public async Task A_name_that_only_has_names_below_it_exists_without_data()
    {
        var response = await _server.Client().QueryAsync("b." + TestZones.Zone, QueryType.A);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.Empty(response.Answers);
    }

    [Theory]
    [InlineData("example.org")]
    [InlineData("info-assistant.com")]
    [InlineData("com")]
    public async Task A_name_outside_the_zone_is_refused(string name)
    {
        var response = await _server.Client().QueryAsync(name, QueryType.A);

        Assert.Equal(DnsHeaderResponseCode.Refused, response.Header.ResponseCode);
        Assert.False(response.Header.HasAuthorityAnswer);
        Assert.Empty(response.Answers);
    }
}
