using PubSec.Dr.Storage;
using PubSec.Dr.Storage.Multipart;

namespace PubSec.Dr.Tests.Storage;

/// <summary>New-DrBackupStore -PartSizeMB as bytes: 64-bit arithmetic, refused where a part buffer cannot hold it, never wrapped.</summary>
public sealed class PartSizeTests
{
    [Theory]
    [InlineData(5, 5L * 1024 * 1024)]
    [InlineData(16, 16L * 1024 * 1024)]
    [InlineData(2047, 2_146_435_072L)]
    public void Megabytes_become_bytes(int megabytes, long bytes) => Assert.Equal(bytes, BackupStoreOptions.PartSizeBytesFromMB(megabytes));

    [Theory]
    [InlineData(4)]
    [InlineData(2048)] // 2048 << 20 is int.MinValue
    [InlineData(3000)]
    [InlineData(4096)] // 4096 << 20 is 0
    [InlineData(int.MaxValue)]
    public void Sizes_outside_5_to_2047_are_refused_instead_of_wrapping(int megabytes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BackupStoreOptions.PartSizeBytesFromMB(megabytes));

    [Fact]
    public void The_largest_part_fits_a_buffer_and_every_store()
    {
        var largest = (long)BackupStoreOptions.PartSizeBytesFromMB(BackupStoreOptions.MaxPartSizeMB);
        Assert.True(largest <= Array.MaxLength, "one part is one byte array");
        Assert.True(largest + (1 << 20) > Array.MaxLength, "the next MiB would not fit: 2047 is the largest whole MiB");
        Assert.True(largest <= 4000L * 1024 * 1024, "Azure Put Block takes at most 4000 MiB");
        Assert.True(largest <= 5L * 1024 * 1024 * 1024, "S3 UploadPart takes at most 5 GiB");
        Assert.True(BackupStoreOptions.MinPartSizeMB * 1024 * 1024 >= PubSec.Dr.Storage.S3.S3BackupStore.MinPartSizeBytes, "S3's smallest part for all but the last");
    }

    [Fact]
    public async Task A_small_object_costs_what_it_holds_not_a_whole_part()
    {
        var sink = new Sink();
        var data = new byte[10_000];
        Random.Shared.NextBytes(data);
        await using (var stream = new ParallelPartStream(sink, partSize: 512 << 20, concurrency: 4))
        {
            // Less than a part completes without waiting, on this thread, so this thread's allocations are the buffer's.
            var before = GC.GetAllocatedBytesForCurrentThread();
            var write = stream.WriteAsync(data);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(write.IsCompletedSuccessfully);
            Assert.InRange(allocated, data.Length, ParallelPartStream.InitialBufferSize + (64 << 10));
            Assert.Equal(1, await stream.FinishAsync(CancellationToken.None));
        }

        Assert.Equal(data, sink.Parts[1]);
    }

    [Fact]
    public async Task Parts_larger_than_the_first_buffer_grow_to_the_part_size_and_reassemble()
    {
        var sink = new Sink();
        var data = new byte[(10 << 20) + 12345];
        Random.Shared.NextBytes(data);
        await using (var stream = new ParallelPartStream(sink, partSize: 3 << 20, concurrency: 2))
        {
            // Odd-sized writes, as a network copy makes them.
            for (var offset = 0; offset < data.Length; offset += 777_777)
            {
                await stream.WriteAsync(data.AsMemory(offset, Math.Min(777_777, data.Length - offset)));
            }

            Assert.Equal(4, await stream.FinishAsync(CancellationToken.None));
        }

        Assert.Equal([3 << 20, 3 << 20, 3 << 20, (1 << 20) + 12345], sink.Parts.OrderBy(p => p.Key).Select(p => p.Value.Length));
        Assert.Equal(data, sink.Parts.OrderBy(p => p.Key).SelectMany(p => p.Value).ToArray());
    }

    private sealed class Sink : IPartSink
    {
        public System.Collections.Concurrent.ConcurrentDictionary<int, byte[]> Parts { get; } = new();

        public Task UploadPartAsync(int partNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            Parts[partNumber] = content.ToArray();
            return Task.CompletedTask;
        }
    }
}
