using PubSec.Dr.Reports;

namespace PubSec.Dr.Tests.Reports;

public sealed class ReportTextTests
{
    [Theory]
    [InlineData(7200, "2 h")]
    [InlineData(7500, "2 h 5 min")]
    [InlineData(1800, "30 min")]
    [InlineData(192, "3 min 12 s")]
    [InlineData(41.3, "41 s")]
    [InlineData(4.25, "4.25 s")]
    [InlineData(90000, "1 d 1 h")]
    [InlineData(-30, "-30 s")]
    public void DurationsReadAsThePlanWritesThem(double seconds, string expected) =>
        Assert.Equal(expected, ReportText.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void TimesAreUtcWithAZ() =>
        Assert.Equal("2026-12-06 01:00:00Z", ReportText.Time(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.FromHours(2))));
}
