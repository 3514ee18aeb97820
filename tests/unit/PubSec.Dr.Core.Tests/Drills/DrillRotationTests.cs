using PubSec.Dr.Drills;

namespace PubSec.Dr.Tests.Drills;

public sealed class DrillRotationTests
{
    [Theory]
    [InlineData(1, DrillScenario.RegionalFailover)]
    [InlineData(2, DrillScenario.DatabaseRestore)]
    [InlineData(3, DrillScenario.InfrastructureRebuild)]
    [InlineData(4, DrillScenario.SecurityBreach)]
    [InlineData(5, DrillScenario.RegionalFailover)]
    [InlineData(8, DrillScenario.SecurityBreach)]
    [InlineData(10, DrillScenario.DatabaseRestore)]
    [InlineData(12, DrillScenario.SecurityBreach)]
    public void The_month_number_mod_4_picks_the_plans_rotation(int month, DrillScenario expected) =>
        Assert.Equal(expected, DrillRotation.For(new DateTimeOffset(2026, month, 1, 2, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void The_month_is_the_UTC_month() =>
        // 1 Feb 00:30 at +02:00 is still January in UTC: the failover month.
        Assert.Equal(DrillScenario.RegionalFailover, DrillRotation.For(new DateTimeOffset(2027, 2, 1, 0, 30, 0, TimeSpan.FromHours(2))));
}
