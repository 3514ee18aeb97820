using System.Diagnostics;
using System.Formats.Tar;
using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant.Archive;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Qdrant.Archive;

public sealed class ShardDataFilterStreamTests
{
    [Fact]
    public async Task DroppedShard_KeepsItsDirectoryAndConfigsButNoData_OtherShardsAndTopLevelUnchanged()
    {
        var source = new QdrantSnapshotBuilder(shardNumber: 3, replicationFactor: 2).WithData(0, 1, 2).Build();

        var output = await FilterAsync(source, [1], seed: 3);

        var names = Names(output);
        Assert.Contains("config.json", names);
        Assert.Contains("version.info", names);
        Assert.Contains("1/", names);
        Assert.Contains("1/shard_config.json", names);
        Assert.Contains("1/replica_state.json", names);
        Assert.DoesNotContain(names, n => n.StartsWith("1/segments", StringComparison.Ordinal) || n.StartsWith("1/wal", StringComparison.Ordinal));
        Assert.DoesNotContain("1/newest_clocks.json", names);
        Assert.Equal(Names(source).Where(n => !n.StartsWith("1/", StringComparison.Ordinal)), names.Where(n => !n.StartsWith("1/", StringComparison.Ordinal)));
        var summary = await SnapshotArchiveInspector.InspectAsync(new MemoryStream(output), CancellationToken.None);
        Assert.Empty(summary.Problems);
        Assert.Equal([0, 1, 2], summary.ShardDirectories);
        Assert.Equal([0, 2], summary.ShardsWithData);
        AssertEndsLikeTar(output);
    }

    [Fact]
    public async Task NothingDropped_OutputIsTheSameEntriesEndedByTwoZeroBlocks()
    {
        var source = new QdrantSnapshotBuilder(shardNumber: 2).WithData(0, 1).Build();

        var output = await FilterAsync(source, [], seed: 1);

        Assert.Equal(Names(source), Names(output));
        Assert.Equal(source.AsSpan(0, output.Length - 1024).ToArray(), output[..^1024]);
        AssertEndsLikeTar(output);
    }

    [Fact]
    public async Task GnuLongNames_AreDecidedByTheLongName()
    {
        var longDropped = "1/segments/" + new string('d', 150) + ".tar";
        var longKept = "0/segments/" + new string('k', 150) + ".tar";
        var longTop = new string('t', 150) + ".json";
        var source = new QdrantSnapshotBuilder(shardNumber: 2).WithData(0, 1)
            .WithFile(longDropped, "dropped").WithFile(longKept, "kept").WithFile(longTop, "top").Build();

        var output = await FilterAsync(source, [1], seed: 5);

        var names = Names(output);
        Assert.DoesNotContain(longDropped, names);
        Assert.Contains(longKept, names);
        Assert.Contains(longTop, names);
        Assert.Equal("kept", ReadText(output, longKept));
    }

    [Fact]
    public async Task PaxHeaders_AreDecidedByThePaxPath()
    {
        var source = TestTars.Of(TarEntryFormat.Pax,
            ("config.json", 10), ("1/shard_config.json", 5), ("1/wal/" + new string('w', 200), 3000), ("0/wal/" + new string('v', 200), 1500), ("1/replica_state.json", 7));

        var output = await FilterAsync(source, [1], seed: 2);

        Assert.Equal(["config.json", "1/shard_config.json", "0/wal/" + new string('v', 200), "1/replica_state.json"], Names(output));
        AssertEndsLikeTar(output);
    }

    [Fact]
    public async Task GnuSparseEntries_AreDroppedOrKeptWithTheirExtensionBlocks()
    {
        using var dir = new TempDirectory();
        foreach (var shard in new[] { "0", "1" })
        {
            Directory.CreateDirectory(Path.Combine(dir.Path, shard, "wal"));
            await File.WriteAllTextAsync(Path.Combine(dir.Path, shard, "shard_config.json"), """{"type":"ReplicaSet"}""");
            await using var file = File.Create(Path.Combine(dir.Path, shard, "wal", "open-1"));
            for (var i = 0; i < 40; i++)
            {
                file.Position = i * 65536L;
                file.Write(TestData.Bytes(100, seed: i));
            }

            file.SetLength(40 * 65536L);
        }

        var archivePath = Path.Combine(dir.Path, "sparse.tar");
        var tar = Process.Start(new ProcessStartInfo("tar", ["--format=gnu", "-S", "-cf", archivePath, "-C", dir.Path, "0", "1"]))!;
        await tar.WaitForExitAsync();
        Assert.Equal(0, tar.ExitCode);
        var source = await File.ReadAllBytesAsync(archivePath);

        var output = await FilterAsync(source, [1], seed: 7);

        var filteredPath = Path.Combine(dir.Path, "filtered.tar");
        await File.WriteAllBytesAsync(filteredPath, output);
        var listed = await ListWithGnuTarAsync(filteredPath);
        Assert.Contains("0/wal/open-1", listed);
        Assert.Contains("1/shard_config.json", listed);
        Assert.DoesNotContain("1/wal/open-1", listed);
        Assert.DoesNotContain("1/wal/", listed);
        var walker = new TarBlockWalker();
        walker.Feed(output);
        var extracted = Path.Combine(dir.Path, "out");
        Directory.CreateDirectory(extracted);
        var untar = Process.Start(new ProcessStartInfo("tar", ["-xf", filteredPath, "-C", extracted]))!;
        await untar.WaitForExitAsync();
        Assert.Equal(0, untar.ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(dir.Path, "0", "wal", "open-1")), await File.ReadAllBytesAsync(Path.Combine(extracted, "0", "wal", "open-1")));
    }

    [Fact]
    public async Task SourceHashMismatch_FailsBeforeTheEndOfArchiveIsSent()
    {
        var source = new QdrantSnapshotBuilder(shardNumber: 2).WithData(0, 1).Build();
        var complete = await FilterAsync(source, [1], seed: 4);
        using var filter = new ShardDataFilterStream(new TrickleStream(source, seed: 4), new HashSet<int> { 1 }, new string('0', 64), "parts/node0.snapshot");
        var sent = new MemoryStream();

        var error = await Assert.ThrowsAsync<DrException>(() => filter.CopyToAsync(sent));

        Assert.Equal(ErrorIds.BackupChecksumMismatch, error.ErrorId);
        Assert.Contains("parts/node0.snapshot", error.Message, StringComparison.Ordinal);
        Assert.Same(error, filter.Failure);
        // Everything but the two end-of-archive blocks went out: a receiver never sees a complete archive.
        Assert.Equal(complete.Length - 1024, sent.Length);
        Assert.Equal(complete[..^1024], sent.ToArray());
        await Assert.ThrowsAsync<DrException>(() => filter.ReadAsync(new byte[10]).AsTask());
    }

    [Fact]
    public async Task BeforeEnd_RunsOnceAfterTheSourceCheckedOut_AndHoldsTheEndOfArchiveUntilItCompletes()
    {
        var source = new QdrantSnapshotBuilder(shardNumber: 2).WithData(0, 1).Build();
        var complete = await FilterAsync(source, [0], seed: 8);
        var turn = new TaskCompletionSource();
        var calls = 0;
        var pauses = new List<bool>();
        using var filter = new ShardDataFilterStream(new TrickleStream(source, seed: 8), new HashSet<int> { 0 }, TestData.Sha256Hex(source), "p")
        {
            BeforeEnd = _ => { calls++; return turn.Task; },
            Pausing = pauses.Add,
        };
        var sent = new MemoryStream();

        var copy = filter.CopyToAsync(sent);
        await Task.Delay(200);

        Assert.False(copy.IsCompleted);
        Assert.Equal(complete.Length - 1024, sent.Length);
        turn.SetResult();
        await copy;
        Assert.Equal(complete, sent.ToArray());
        Assert.Equal(1, calls);
        Assert.Equal([true, false], pauses);
    }

    [Fact]
    public async Task BeforeEnd_IsNotReachedWhenTheSourceHashDiffers()
    {
        var source = new QdrantSnapshotBuilder(shardNumber: 2).WithData(0, 1).Build();
        var calls = 0;
        using var filter = new ShardDataFilterStream(new MemoryStream(source), new HashSet<int> { 0 }, new string('1', 64), "p")
        {
            BeforeEnd = _ => { calls++; return Task.CompletedTask; },
        };

        await Assert.ThrowsAsync<DrException>(() => filter.CopyToAsync(Stream.Null));

        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task TruncatedSource_Fails()
    {
        var source = new QdrantSnapshotBuilder(shardNumber: 1).WithData(0).WithWalBytes(20_000).Build();
        var cut = source[..(source.Length / 2)];
        using var filter = new ShardDataFilterStream(new MemoryStream(cut), new HashSet<int>(), TestData.Sha256Hex(cut), "p");

        var error = await Assert.ThrowsAsync<DrException>(() => filter.CopyToAsync(Stream.Null));

        Assert.Equal(ErrorIds.RestoreUploadFailed, error.ErrorId);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("0/wal/../../../x")]
    public async Task TraversalPaths_AreRejected(string name)
    {
        var source = new QdrantSnapshotBuilder(shardNumber: 1).WithData(0).WithFile(name, "x").Build();
        using var filter = new ShardDataFilterStream(new MemoryStream(source), new HashSet<int> { 0 }, TestData.Sha256Hex(source), "p");

        var error = await Assert.ThrowsAsync<DrException>(() => filter.CopyToAsync(Stream.Null));

        Assert.Equal(ErrorIds.RestoreUploadFailed, error.ErrorId);
        Assert.Contains($"Tar entry '{name}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Symlinks_AreRejected()
    {
        var source = new QdrantSnapshotBuilder(shardNumber: 1).WithData(0).WithSymlink("0/link", "/etc").Build();
        using var filter = new ShardDataFilterStream(new MemoryStream(source), new HashSet<int> { 0 }, TestData.Sha256Hex(source), "p");

        var error = await Assert.ThrowsAsync<DrException>(() => filter.CopyToAsync(Stream.Null));

        Assert.Contains("forbidden", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void LargeEntries_AreStreamed_MemoryStaysFlat()
    {
        var source = new QdrantSnapshotBuilder(shardNumber: 2).WithData(0, 1).WithWalBytes(24 << 20).Build();
        var sha = TestData.Sha256Hex(source);
        using var filter = new ShardDataFilterStream(new MemoryStream(source), new HashSet<int> { 1 }, sha, "p");
        var buffer = new byte[81920];
        long total = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        int read;
        while ((read = filter.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(total, 24 << 20, 25 << 20);
        Assert.True(allocated < 2 << 20, $"allocated {allocated} bytes while streaming {source.Length}");
    }

    private static async Task<byte[]> FilterAsync(byte[] source, int[] dropped, int seed)
    {
        using var filter = new ShardDataFilterStream(new TrickleStream(source, seed, maxRead: 3000), dropped.ToHashSet(), TestData.Sha256Hex(source), "p");
        var output = await TestData.ReadAllAsync(filter);
        Assert.Null(filter.Failure);
        Assert.Equal(output.Length, filter.BytesWritten);
        return output;
    }

    private static void AssertEndsLikeTar(byte[] output)
    {
        Assert.Equal(0, output.Length % 512);
        Assert.True(output.AsSpan(output.Length - 1024).IndexOfAnyExcept((byte)0) < 0, "two zero blocks end the archive");
        new TarBlockWalker().Feed(output);
    }

    private static List<string> Names(byte[] archive)
    {
        var names = new List<string>();
        using var reader = new TarReader(new MemoryStream(archive));
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }

    private static string ReadText(byte[] archive, string name)
    {
        using var reader = new TarReader(new MemoryStream(archive));
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name == name)
            {
                return new StreamReader(entry.DataStream!).ReadToEnd();
            }
        }

        throw new InvalidOperationException(name);
    }

    private static async Task<string[]> ListWithGnuTarAsync(string path)
    {
        var list = Process.Start(new ProcessStartInfo("tar", ["-tf", path]) { RedirectStandardOutput = true })!;
        var text = await list.StandardOutput.ReadToEndAsync();
        await list.WaitForExitAsync();
        Assert.Equal(0, list.ExitCode);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
