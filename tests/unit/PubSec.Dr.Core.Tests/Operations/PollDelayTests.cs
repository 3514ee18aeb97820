using PubSec.Dr.Operations;
using Xunit;

namespace PubSec.Dr.Tests.Operations;

public sealed class PollDelayTests
{
    [Theory]
    [InlineData(0, 25)]
    [InlineData(100, 25)]
    [InlineData(1_000, 100)]
    [InlineData(20_000, 2_000)]
    [InlineData(3_600_000, 5_000)]
    public void Waits_a_tenth_of_the_time_taken_so_far_between_25_ms_and_5_s(int elapsedMs, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), PollDelay.After(TimeSpan.FromMilliseconds(elapsedMs)));
}
