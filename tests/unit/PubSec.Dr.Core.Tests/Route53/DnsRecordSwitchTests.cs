using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using PubSec.Dr.Errors;
using PubSec.Dr.Route53;

namespace PubSec.Dr.Tests.Route53;

/// <summary>Set-DrDnsRecord's and Get-DrDnsRecord's engine against a scripted Route53.</summary>
public sealed class DnsRecordSwitchTests
{
    private static FakeRoute53Handler ZoneWithPrimary() => new FakeRoute53Handler()
        .Then(HttpStatusCode.OK, FakeRoute53Handler.Zone(name: "pubsec-info-assistant.com."))
        .Then(HttpStatusCode.OK, FakeRoute53Handler.Page([("pubsec-info-assistant.com.", "A", null, 5, ["127.0.0.2"])]));

    [Fact]
    public async Task The_switch_sends_one_UPSERT_batch_waits_for_INSYNC_and_reports_before_and_after()
    {
        var handler = ZoneWithPrimary()
            .Then(HttpStatusCode.OK, FakeRoute53Handler.ChangeInfo("/change/C7", "PENDING"))
            .Then(HttpStatusCode.OK, FakeRoute53Handler.ChangeInfo("/change/C7", "INSYNC"));
        using var client = Route53TestClient.Create(handler);
        var engine = new DnsRecordSwitch(client) { PollInterval = TimeSpan.FromMilliseconds(1) };

        var result = await engine.RunAsync(DnsTestEnvironment.Create(), "Secondary", _ => true, null, default);

        Assert.NotNull(result);
        Assert.Equal(("C7", "INSYNC", "secondary", "Z0123456789ABC"), (result.ChangeId, result.Status, result.Region, result.HostedZoneId));
        var change = Assert.Single(result.Changes);
        Assert.Equal(["127.0.0.2"], change.Before);
        Assert.Equal(["127.0.0.3"], change.After);
        Assert.Equal(("primary", true), (change.RegionBefore, change.Changed));
        var posts = handler.Requests.Where(r => r.Request.Method == HttpMethod.Post).ToList();
        var body = XDocument.Parse(Assert.Single(posts).Body);
        Assert.Equal(["UPSERT"], body.Descendants().Where(e => e.Name.LocalName == "Action").Select(e => e.Value));
        Assert.Equal(["127.0.0.3"], body.Descendants().Where(e => e.Name.LocalName == "Value").Select(e => e.Value));
    }

    [Fact]
    public async Task WhatIf_writes_the_AWS_CLI_batch_file_and_sends_nothing()
    {
        var handler = ZoneWithPrimary();
        using var client = Route53TestClient.Create(handler);
        var path = Path.Combine(Path.GetTempPath(), $"batch-{Guid.NewGuid():N}.json");
        try
        {
            var engine = new DnsRecordSwitch(client) { ChangeBatchPath = path };
            string? asked = null;
            var result = await engine.RunAsync(DnsTestEnvironment.Create(), "secondary", plan => { asked = plan.Describe(); return false; }, null, default);

            Assert.Null(result);
            Assert.DoesNotContain(handler.Requests, r => r.Request.Method == HttpMethod.Post);
            Assert.Contains("pubsec-info-assistant.com. A 127.0.0.2 -> 127.0.0.3 (TTL 5)", asked);
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var change = json.RootElement.GetProperty("Changes")[0];
            Assert.Equal("UPSERT", change.GetProperty("Action").GetString());
            var set = change.GetProperty("ResourceRecordSet");
            Assert.Equal("pubsec-info-assistant.com.", set.GetProperty("Name").GetString());
            Assert.Equal(5, set.GetProperty("TTL").GetInt32());
            Assert.Equal("127.0.0.3", set.GetProperty("ResourceRecords")[0].GetProperty("Value").GetString());
            Assert.False(set.TryGetProperty("SetIdentifier", out _));
            Assert.StartsWith("PubSecDr:", json.RootElement.GetProperty("Comment").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_record_outside_the_zone_is_DnsRecordNotInZone_before_anything_is_sent()
    {
        var handler = new FakeRoute53Handler().Then(HttpStatusCode.OK, FakeRoute53Handler.Zone(name: "pubsec-info-assistant.com."));
        using var client = Route53TestClient.Create(handler);
        var environment = DnsTestEnvironment.Create(extraRecord: "www.other-zone.org.");

        var error = await Assert.ThrowsAsync<DrException>(() => new DnsRecordSwitch(client).RunAsync(environment, "secondary", _ => true, null, default));

        Assert.Equal(ErrorIds.DnsRecordNotInZone, error.ErrorId);
        Assert.Contains("www.other-zone.org.", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Routing_fields_of_the_existing_set_are_carried_into_the_UPSERT()
    {
        var handler = new FakeRoute53Handler()
            .Then(HttpStatusCode.OK, FakeRoute53Handler.Zone(name: "pubsec-info-assistant.com."))
            .Then(HttpStatusCode.OK, FakeRoute53Handler.Page([("pubsec-info-assistant.com.", "A", "east", 5, ["127.0.0.2"])]))
            .Then(HttpStatusCode.OK, FakeRoute53Handler.ChangeInfo("/change/C8", "INSYNC"));
        using var client = Route53TestClient.Create(handler);
        var environment = DnsTestEnvironment.Create();
        var withId = environment.Dns!.Records[0] with { SetIdentifier = "east" };
        var changed = new PubSec.Dr.Environments.DrEnvironment
        {
            Name = environment.Name, SourcePath = environment.SourcePath, Regions = environment.Regions, Objectives = environment.Objectives,
            Dns = environment.Dns with { Records = [withId] },
        };

        await new DnsRecordSwitch(client).RunAsync(changed, "secondary", _ => true, null, default);

        var set = XDocument.Parse(handler.Requests.Single(r => r.Request.Method == HttpMethod.Post).Body).Descendants().Single(e => e.Name.LocalName == "ResourceRecordSet");
        Assert.Equal("east", set.Elements().Single(e => e.Name.LocalName == "SetIdentifier").Value);
        Assert.Equal("PRIMARY", set.Elements().Single(e => e.Name.LocalName == "Failover").Value);
        Assert.Equal("?name=pubsec-info-assistant.com.&type=A&identifier=east", handler.Requests[1].Request.RequestUri!.Query);
    }

    [Fact]
    public async Task The_query_names_the_region_each_record_points_at_and_flags_missing_ones()
    {
        var handler = new FakeRoute53Handler()
            .Then(HttpStatusCode.OK, FakeRoute53Handler.Zone(name: "pubsec-info-assistant.com."))
            .Then(HttpStatusCode.OK, FakeRoute53Handler.Page([("pubsec-info-assistant.com.", "A", null, 5, ["127.0.0.3"])]))
            .Then(HttpStatusCode.OK, FakeRoute53Handler.Page([("zzz.pubsec-info-assistant.com.", "A", null, 5, ["127.0.0.9"])]));
        using var client = Route53TestClient.Create(handler);

        var rows = await new DnsRecordQuery(client).RunAsync(DnsTestEnvironment.Create(extraRecord: "api.pubsec-info-assistant.com."), default);

        Assert.Equal(("secondary", true, (long?)5), (rows[0].Record.Region, rows[0].Record.InZone, rows[0].Record.Ttl));
        Assert.Null(rows[0].Failure);
        Assert.Equal(("none", false), (rows[1].Record.Region, rows[1].Record.InZone));
        Assert.Equal(ErrorIds.DnsRecordNotInZone, rows[1].Failure?.ErrorId);
    }
}
