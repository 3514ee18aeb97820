using System.Collections.Concurrent;
using PubSec.Dr.Storage.Multipart;
using Xunit;

namespace PubSec.Dr.Tests.Storage.Multipart;

public sealed class ParallelPartStreamTests
{
    private sealed class RecordingSink(int delayMs = 0, int failOnPart = 0) : IPartSink
    {
        private int _active;
        public ConcurrentDictionary<int, byte[]> Parts { get; } = new();
        public int MaxActive { get; private set; }

        public async Task UploadPartAsync(int partNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            var active = Interlocked.Increment(ref _active);
            lock (Parts) { MaxActive = Math.Max(MaxActive, active); }
            try
            {
                await Task.Delay(delayMs, cancellationToken);
                if (partNumber == failOnPart)
                {
                    throw new IOException($"part {partNumber} refused");
                }

                Parts[partNumber] = content.ToArray();
            }
            finally
            {
                Interlocked.Decrement(ref _active);
            }
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(10, 1)]
    [InlineData(16, 1)]
    [InlineData(17, 2)]
    [InlineData(100, 7)]
    public async Task Parts_ReassembleToTheWrittenBytes(int length, int expectedParts)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        var sink = new RecordingSink();
        await using var stream = new ParallelPartStream(sink, partSize: 16, concurrency: 3);
        // Odd-sized writes cross part boundaries the way a network copy does.
        for (var offset = 0; offset < length; offset += 5)
        {
            await stream.WriteAsync(data.AsMemory(offset, Math.Min(5, length - offset)));
        }

        var count = await stream.FinishAsync(CancellationToken.None);

        Assert.Equal(expectedParts, count);
        Assert.Equal(Enumerable.Range(1, expectedParts), sink.Parts.Keys.Order());
        Assert.Equal(data, sink.Parts.OrderBy(p => p.Key).SelectMany(p => p.Value).ToArray());
        Assert.Equal(length, stream.BytesWritten);
    }

    [Fact]
    public async Task Concurrency_IsBounded()
    {
        var sink = new RecordingSink(delayMs: 20);
        await using var stream = new ParallelPartStream(sink, partSize: 4, concurrency: 2);
        await stream.WriteAsync(new byte[4 * 10]);
        await stream.FinishAsync(CancellationToken.None);

        Assert.Equal(2, sink.MaxActive);
        Assert.Equal(10, sink.Parts.Count);
    }

    [Fact]
    public async Task FailedPart_FailsLaterWritesOrFinish_WithTheFirstCause()
    {
        var sink = new RecordingSink(delayMs: 5, failOnPart: 2);
        await using var stream = new ParallelPartStream(sink, partSize: 4, concurrency: 2);

        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await stream.WriteAsync(new byte[4]);
            }

            await stream.FinishAsync(CancellationToken.None);
        });

        Assert.Equal("part 2 refused", error.Message);
        Assert.DoesNotContain(2, sink.Parts.Keys);
    }

    [Fact]
    public async Task Cancellation_StopsTheWriter()
    {
        var sink = new RecordingSink(delayMs: 10_000);
        using var cancel = new CancellationTokenSource();
        await using var stream = new ParallelPartStream(sink, partSize: 4, concurrency: 1, stopGrace: TimeSpan.FromMilliseconds(100));
        await stream.WriteAsync(new byte[4], cancel.Token);
        cancel.CancelAfter(50);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await stream.WriteAsync(new byte[4], cancel.Token);
            await stream.FinishAsync(cancel.Token);
        });
    }

    [Fact]
    public async Task Cancellation_LetsPartsOnTheWireFinishBeforeDisposeReturns()
    {
        // A part cut off mid-request could still land after the caller's abort; one that finished cannot.
        var sink = new RecordingSink(delayMs: 300);
        using var cancel = new CancellationTokenSource();
        var stream = new ParallelPartStream(sink, partSize: 4, concurrency: 2);
        await stream.WriteAsync(new byte[8], cancel.Token);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stream.WriteAsync(new byte[8], cancel.Token));
        await stream.DisposeAsync();

        Assert.Equal([1, 2], sink.Parts.Keys.Order());
    }

    [Fact]
    public async Task Dispose_CancelsAPartThatOutlastsTheGrace()
    {
        var sink = new RecordingSink(delayMs: 60_000);
        var stream = new ParallelPartStream(sink, partSize: 4, concurrency: 1, stopGrace: TimeSpan.FromMilliseconds(200));
        await stream.WriteAsync(new byte[4]);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await stream.DisposeAsync();

        Assert.Empty(sink.Parts);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(30));
    }
}
