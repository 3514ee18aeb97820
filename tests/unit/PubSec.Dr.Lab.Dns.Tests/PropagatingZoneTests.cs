namespace PubSec.Dr.Lab.Dns.Tests;

public sealed class PropagatingZoneTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_listing_is_published_at_once()
    {
        var zone = new PropagatingZone(TimeSpan.FromSeconds(3));
        Assert.Null(zone.Current(T0));
        var first = TestZones.WithA("127.0.0.2");

        zone.Observe(first, T0);

        Assert.Equal(first, zone.Current(T0));
    }

    [Fact]
    public void A_change_is_served_only_once_the_delay_has_passed()
    {
        var zone = new PropagatingZone(TimeSpan.FromSeconds(3));
        var before = TestZones.WithA("127.0.0.2");
        var after = TestZones.WithA("127.0.0.4");
        zone.Observe(before, T0);

        zone.Observe(after, T0.AddSeconds(1));

        Assert.Equal(before, zone.Current(T0.AddSeconds(3.999)));
        Assert.Equal(after, zone.Current(T0.AddSeconds(4)));
    }

    [Fact]
    public void Changes_are_published_in_the_order_observed_each_after_its_own_delay()
    {
        var zone = new PropagatingZone(TimeSpan.FromSeconds(3));
        zone.Observe(TestZones.WithA("127.0.0.2"), T0);
        zone.Observe(TestZones.WithA("127.0.0.3"), T0.AddSeconds(1));
        zone.Observe(TestZones.WithA("127.0.0.4"), T0.AddSeconds(2));

        Assert.Equal(TestZones.WithA("127.0.0.3"), zone.Current(T0.AddSeconds(4.5)));
        Assert.Equal(TestZones.WithA("127.0.0.4"), zone.Current(T0.AddSeconds(5)));
    }

    [Fact]
    public void Seeing_the_same_zone_again_does_not_restart_the_delay()
    {
        var zone = new PropagatingZone(TimeSpan.FromSeconds(3));
        zone.Observe(TestZones.WithA("127.0.0.2"), T0);
        zone.Observe(TestZones.WithA("127.0.0.4"), T0.AddSeconds(1));
        zone.Observe(TestZones.WithA("127.0.0.4"), T0.AddSeconds(2));
        zone.Observe(TestZones.WithA("127.0.0.4"), T0.AddSeconds(3.5));

        Assert.Equal(TestZones.WithA("127.0.0.4"), zone.Current(T0.AddSeconds(4)));
    }
}
