using PubSec.Dr.Network;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Tests.Network;

public sealed class ProgressWatchdogPauseTests
{
    [Fact]
    public async Task APausingBody_StopsTheIdleDeadlineWhileItWaits_AndRestartsItAfter()
    {
        using var watchdog = new ProgressWatchdog(TimeSpan.FromMilliseconds(150), "uploading", CancellationToken.None);
        var turn = new TaskCompletionSource();
        using var held = new HeldEndStream(new MemoryStream(new byte[4096]), 4096, _ => turn.Task);
        using var body = new WatchedReadStream(held, watchdog, TimeSpan.FromSeconds(30), "recovering");
        var buffer = new byte[8192];

        Assert.Equal(4096 - HeldEndStream.HeldBytes, await body.ReadAsync(buffer));
        var waiting = body.ReadAsync(buffer).AsTask();
        await Task.Delay(600);

        Assert.False(watchdog.Token.IsCancellationRequested, "a held body is not idle");
        turn.SetResult();
        Assert.Equal(HeldEndStream.HeldBytes, await waiting);
        await Task.Delay(600);
        Assert.True(watchdog.Token.IsCancellationRequested, "after the pause the idle deadline counts again");
    }
}
