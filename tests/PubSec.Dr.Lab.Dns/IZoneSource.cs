namespace PubSec.Dr.Lab.Dns;

/// <summary>Where the server learns the zone from: moto's Route53 in the lab, a fake in the tests.</summary>
internal interface IZoneSource
{
    Task<ZoneSnapshot> ReadAsync(CancellationToken cancellationToken);
}
