using PubSec.Dr.Backends;
using PubSec.Dr.Drills;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Tests.Drills;

/// <summary>The RegionalFailover drill's name: parsed, checked against the failover records, and the only record the drill can move or delete.</summary>
public sealed class DrillDnsViewTests
{
    private static DrEnvironment Parse(string drillName) => DrEnvironmentLoader.Parse($$"""
        {
          "name": "unit",
          "regions": { "primary": {}, "secondary": {} },
          "service": { "publicUrl": "https://pubsec-info-assistant.com:8443/app", "testQuery": "tax" },
          "dns": {
            "route53": { "hostedZoneId": "Z0123456789ABC" },
            "records": [
              { "name": "www.pubsec-info-assistant.com", "type": "CNAME", "values": { "primary": ["a.example.org"], "secondary": ["b.example.org"] } },
              { "name": "pubsec-info-assistant.com", "type": "A", "ttl": 30, "setIdentifier": "main", "values": { "primary": ["192.0.2.1"], "secondary": ["192.0.2.2"] } }
            ],
            "drillName": "{{drillName}}"
          }
        }
        """, Path.Combine(Path.GetTempPath(), "unit-env.json"));

    [Fact]
    public void The_view_moves_only_the_drill_name_with_the_public_records_type_TTL_and_values_and_the_service_is_reached_through_it()
    {
        var view = DrillDnsView.For(Parse("Drill.PubSec-Info-Assistant.com"));

        var record = Assert.Single(view.RequireDns().Records);
        Assert.Equal(("drill.pubsec-info-assistant.com.", "A", 30, null), (record.Name, record.Type, record.Ttl, record.SetIdentifier));
        Assert.Equal(["192.0.2.2"], record.Values["secondary"]);
        Assert.Equal("https://drill.pubsec-info-assistant.com:8443/app", view.RequireService().PublicUrl.ToString());
        Assert.Equal("tax", view.RequireService().TestQuery);
        Assert.Equal("drill.pubsec-info-assistant.com. A", DrillDnsView.ResourceName(view));
    }

    [Fact]
    public void A_drill_name_that_is_a_failover_record_is_refused_when_the_file_is_read()
    {
        var error = Assert.Throws<DrException>(() => Parse("pubsec-info-assistant.com."));

        Assert.Equal(ErrorIds.EnvironmentInvalid, error.ErrorId);
        Assert.Contains("dns.drillName: 'pubsec-info-assistant.com.' is a failover record", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_drill_name_the_view_names_the_missing_field()
    {
        var environment = DrEnvironmentLoader.Parse("""
            { "name": "unit", "regions": { "primary": {} }, "service": { "publicUrl": "https://a.example.org" },
              "dns": { "route53": { "hostedZoneId": "Z1" }, "records": [ { "name": "a.example.org", "values": { "primary": ["192.0.2.1"] } } ] } }
            """, Path.Combine(Path.GetTempPath(), "unit-env.json"));

        var error = Assert.Throws<DrException>(() => DrillDnsView.For(environment));

        Assert.Equal(ErrorIds.EnvironmentSectionMissing, error.ErrorId);
        Assert.Contains("dns.drillName", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pubsec-info-assistant.com. A")]
    [InlineData("drill.pubsec-info-assistant.com. CNAME")]
    [InlineData("www.pubsec-info-assistant.com. CNAME")]
    public async Task The_remover_refuses_any_record_but_the_drill_name_before_any_connection(string name)
    {
        var error = await Assert.ThrowsAsync<DrException>(() => new DnsRecordRemover(BackendFactory.Default).RemoveAsync(
            Parse("drill.pubsec-info-assistant.com"), new DrillResource { Kind = DnsRecordRemover.ResourceKind, Region = "secondary", Name = name }, CancellationToken.None));

        Assert.Equal(ErrorIds.DrillRecordInvalid, error.ErrorId);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }
}
