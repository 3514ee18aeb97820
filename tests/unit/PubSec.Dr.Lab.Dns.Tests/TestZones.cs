namespace PubSec.Dr.Lab.Dns.Tests;

/// <summary>The lab's zone as moto lists it (NS and SOA at the apex, SOA value in moto's dict form), plus test records.</summary>
internal static class TestZones
{
    public const string Zone = "pubsec-info-assistant.com.";

    public static ZoneSnapshot WithA(string address, int ttl = 5) => new(Zone,
    [
        new ZoneRecordSet(Zone, "A", ttl, [address]),
        new ZoneRecordSet(Zone, "NS", 172800, ["ns-2048.awsdns-64.com", "ns-2049.awsdns-65.net"]),
        new ZoneRecordSet(Zone, "SOA", 900, ["{'Value': 'ns-2048.awsdns-64.com. hostmaster.example.com. 1 7200 900 1209600 86400'}"]),
        new ZoneRecordSet("www." + Zone, "CNAME", 60, [Zone]),
        new ZoneRecordSet("out." + Zone, "CNAME", 30, ["elsewhere.example.org."]),
        new ZoneRecordSet("v6." + Zone, "AAAA", 20, ["::2"]),
        new ZoneRecordSet("txt." + Zone, "TXT", 10, ["\"hello world\" \"second\""]),
        new ZoneRecordSet("a.b." + Zone, "A", 5, ["127.0.0.9"]),
    ]);
}

/// <summary>A zone source the test changes at will, standing in for moto.</summary>
internal sealed class FakeZoneSource(ZoneSnapshot initial) : IZoneSource
{
    public volatile ZoneSnapshot Snapshot = initial;

    public Task<ZoneSnapshot> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(Snapshot);
}
