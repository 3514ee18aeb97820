using PubSec.Dr.Environments;

namespace PubSec.Dr.Tests.Route53;

/// <summary>A two-region environment file with one failover record and two resolvers, parsed like Import-DrEnvironment does.</summary>
internal static class DnsTestEnvironment
{
    public static DrEnvironment Create(string recordName = "pubsec-info-assistant.com.", string? extraRecord = null)
    {
        var extra = extraRecord is null ? string.Empty
            : $$""", { "name": "{{extraRecord}}", "type": "A", "ttl": 5, "values": { "primary": ["127.0.0.2"], "secondary": ["127.0.0.3"] } }""";
        var json = $$"""
        {
          "name": "unit",
          "regions": {
            "primary": { "store": { "location": "backups" } },
            "secondary": { "store": { "location": "backups" } }
          },
          "dns": {
            "route53": { "hostedZoneId": "/hostedzone/Z0123456789ABC", "endpoint": "http://127.0.0.1:5000" },
            "records": [ { "name": "{{recordName}}", "type": "A", "ttl": 5, "values": { "primary": ["127.0.0.2"], "secondary": ["127.0.0.3"] } }{{extra}} ],
            "resolvers": [ { "name": "authoritative", "address": "127.0.0.1:5353", "authoritative": true }, { "name": "caching", "address": "127.0.0.1:5354" } ]
          }
        }
        """;
        return DrEnvironmentLoader.Parse(json, Path.Combine(Path.GetTempPath(), "unit-env.json"));
    }
}
