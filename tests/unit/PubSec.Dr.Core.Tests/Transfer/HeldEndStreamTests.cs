using PubSec.Dr.Transfer;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Transfer;

public sealed class HeldEndStreamTests
{
    [Fact]
    public async Task TheLastBytes_WaitForTheTurn_ThenEverythingPassesUnchanged()
    {
        var data = TestData.Bytes(100_000, seed: 3);
        var turn = new TaskCompletionSource();
        var pauses = new List<bool>();
        using var held = new HeldEndStream(new TrickleStream(data, seed: 3, maxRead: 7000), data.Length, _ => turn.Task) { Pausing = pauses.Add };
        var received = new MemoryStream();

        var copy = held.CopyToAsync(received);
        await Task.Delay(200);

        Assert.False(copy.IsCompleted);
        Assert.Equal(data.Length - HeldEndStream.HeldBytes, received.Length);
        Assert.Equal([true], pauses);
        turn.SetResult();
        await copy;
        Assert.Equal(data, received.ToArray());
        Assert.Equal([true, false], pauses);
    }

    [Fact]
    public async Task CancelledWhileWaiting_TheEndNeverGoesOut()
    {
        var data = TestData.Bytes(5000, seed: 4);
        using var cancel = new CancellationTokenSource();
        using var held = new HeldEndStream(new MemoryStream(data), data.Length, ct => Task.Delay(Timeout.Infinite, ct));
        var received = new MemoryStream();

        var copy = held.CopyToAsync(received, cancel.Token);
        await Task.Delay(100);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => copy);
        Assert.Equal(data.Length - HeldEndStream.HeldBytes, received.Length);
    }
}
