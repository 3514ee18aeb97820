using PubSec.Dr.Qdrant.Archive;
using PubSec.Dr.Tests.TestSupport;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Tests.Transfer;

public sealed class StreamCopierTests
{
    private const int MiB = 1 << 20;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    public static TheoryData<int> Sizes => new() { 0, 1, 4095, MiB - 1, MiB, MiB + 1, 5 * MiB + 12345 };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Copy_HashesAndCopiesEveryByte(int size)
    {
        var data = TestData.Bytes(size, seed: size);
        using var destination = new MemoryStream();

        var result = await StreamCopier.CopyAsync(new MemoryStream(data), destination, 
            TransferMeter.None, CancellationToken.None).WaitAsync(HangLimit);

        Assert.Equal(size, result.Bytes);
        Assert.Equal(TestData.Sha256Hex(data), result.Sha256);
        Assert.Equal(data, destination.ToArray());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Copy_FromShortReadsOfANonSeekableSource_HashesAndCopiesEveryByte(int size)
    {
        var data = TestData.Bytes(size, seed: size + 1);
        using var destination = new MemoryStream();

        var result = await StreamCopier.CopyAsync(new TrickleStream(data, seed: size), destination, 
            TransferMeter.None, CancellationToken.None).WaitAsync(HangLimit);

        Assert.Equal(size, result.Bytes);
        Assert.Equal(TestData.Sha256Hex(data), result.Sha256);
        Assert.Equal(data, destination.ToArray());
    }

    [Fact]
    public async Task Copy_WithoutDestination_StillHashesEverything()
    {
        var data = TestData.Bytes(3 * MiB + 7, seed: 9);

        var result = await StreamCopier.CopyAsync(new MemoryStream(data), destination: null, 
            TransferMeter.None, CancellationToken.None).WaitAsync(HangLimit);

        Assert.Equal(data.Length, result.Bytes);
        Assert.Equal(TestData.Sha256Hex(data), result.Sha256);
    }

    [Fact]
    public async Task Copy_Sha256IsLowerCaseHex()
    {
        var result = await StreamCopier.CopyAsync(new MemoryStream("abc"u8.ToArray()), null, TransferMeter.None, CancellationToken.None);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", result.Sha256);
    }

    [Fact]
    public async Task Copy_WithInspection_OfASnapshot_CopiesEverythingAndSummarizesTheArchive()
    {
        // WAL files of 1.5 MiB make the archive span several copy buffers and the inspector's pipe.
        var snapshot = new QdrantSnapshotBuilder(shardNumber: 3).WithData(0, 2).WithWalBytes(3 * MiB / 2).Build();
        using var destination = new MemoryStream();

        var (result, archive) = await SnapshotArchiveInspector.CopyAsync(new TrickleStream(snapshot, seed: 3), destination, inspect: true,
            TransferMeter.None, CancellationToken.None).WaitAsync(HangLimit);

        Assert.Equal(snapshot, destination.ToArray());
        Assert.Equal(TestData.Sha256Hex(snapshot), result.Sha256);
        Assert.NotNull(archive);
        Assert.Empty(archive.Problems);
        Assert.Equal(3, archive.ConfigShardNumber);
        Assert.Equal([0, 1, 2], archive.ShardDirectories);
        Assert.Equal([0, 2], archive.ShardsWithData);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100_000)]
    [InlineData(12 * MiB)]
    public async Task Copy_WithInspection_OfNonTarData_CopiesEverythingAndReportsAMalformedArchive(int size)
    {
        var data = TestData.Bytes(size, seed: 77);
        using var destination = new MemoryStream();

        var (result, archive) = await SnapshotArchiveInspector.CopyAsync(new MemoryStream(data), destination, inspect: true,
            TransferMeter.None, CancellationToken.None).WaitAsync(HangLimit);

        Assert.Equal(size, result.Bytes);
        Assert.Equal(TestData.Sha256Hex(data), result.Sha256);
        Assert.Equal(data, destination.ToArray());
        Assert.NotNull(archive);
        Assert.Contains(archive.Problems, problem => problem.StartsWith("Malformed tar archive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Copy_WithInspection_OfTextData_ReportsAMalformedArchive()
    {
        var data = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"status\":{\"error\":\"Service unavailable\"}}\n", 5000)));

        var (result, archive) = await SnapshotArchiveInspector.CopyAsync(new MemoryStream(data), null, inspect: true,
            TransferMeter.None, CancellationToken.None).WaitAsync(HangLimit);

        Assert.Equal(data.Length, result.Bytes);
        Assert.NotNull(archive);
        Assert.NotEmpty(archive.Problems);
    }

    [Fact]
    public async Task Copy_WithInspection_DataAfterTheEndOfTheArchive_DoesNotStallTheCopy()
    {
        // The inspector stops at the tar's end marker; the 16 MiB after it overflow its bounded pipe
        // many times over, so the copy only finishes if it stops feeding a consumer that has gone.
        var snapshot = new QdrantSnapshotBuilder(shardNumber: 1).WithData(0).Build();
        var data = snapshot.Concat(TestData.Bytes(16 * MiB, seed: 5)).ToArray();
        using var destination = new MemoryStream();

        var (result, archive) = await SnapshotArchiveInspector.CopyAsync(new MemoryStream(data), destination, inspect: true,
            TransferMeter.None, CancellationToken.None).WaitAsync(HangLimit);

        Assert.Equal(data.Length, result.Bytes);
        Assert.Equal(TestData.Sha256Hex(data), result.Sha256);
        Assert.Equal(data.Length, destination.Length);
        Assert.NotNull(archive);
        Assert.Equal([0], archive.ShardsWithData);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Copy_Cancelled_StopsSoonWithOperationCanceled(bool inspectArchive)
    {
        using var source = new EndlessStream(cancelAfter: 3 * MiB);
        using var destination = new MemoryStream();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SnapshotArchiveInspector.CopyAsync(source, destination,
            inspectArchive, TransferMeter.None, source.Cancel.Token).WaitAsync(HangLimit));

        // It stopped within a few buffers of the cancellation, not at the end of an endless source.
        Assert.InRange(source.BytesRead, 3 * MiB, 6 * MiB);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Copy_AlreadyCancelled_ReadsNothing(bool inspectArchive)
    {
        using var source = new EndlessStream(cancelAfter: long.MaxValue);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SnapshotArchiveInspector.CopyAsync(source, new MemoryStream(),
            inspectArchive, TransferMeter.None, cancelled.Token).WaitAsync(HangLimit));
        Assert.Equal(0, source.BytesRead);
    }

    [Fact]
    public async Task Copy_ReportsProgressEndingAtTheTotal()
    {
        var data = TestData.Bytes(2 * MiB + 5, seed: 8);
        var reports = new List<TransferProgress>();
        var meter = new TransferMeter(new SynchronousProgress(reports), "Backing up 'docs'", "node0", data.Length);

        await StreamCopier.CopyAsync(new MemoryStream(data), null, meter, CancellationToken.None);

        var last = reports[^1];
        Assert.Equal(data.Length, last.BytesDone);
        Assert.Equal(100, last.PercentComplete);
        Assert.Equal("Backing up 'docs'", last.Activity);
        Assert.Equal("node0", last.Item);
    }

    private sealed class SynchronousProgress(List<TransferProgress> reports) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => reports.Add(value);
    }
}
