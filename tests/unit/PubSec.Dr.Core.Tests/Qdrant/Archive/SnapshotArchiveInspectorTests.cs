using System.Formats.Tar;
using PubSec.Dr.Qdrant.Archive;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Qdrant.Archive;

public sealed class SnapshotArchiveInspectorTests
{
    [Fact]
    public async Task Inspect_CompleteSnapshot_FindsConfigShardsAndSegmentsWithoutProblems()
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 3, replicationFactor: 2).WithData(0, 1, 2));

        Assert.Empty(summary.Problems);
        Assert.True(summary.HasConfig);
        Assert.Null(summary.ConfigError);
        Assert.Equal(3, summary.ConfigShardNumber);
        Assert.Equal([0, 1, 2], summary.ShardDirectories);
        Assert.Equal([0, 1, 2], summary.ShardsWithData);
        Assert.Equal(3, summary.SegmentArchiveCount);
        Assert.True(summary.EntryCount > 20);
    }

    [Fact]
    public async Task Inspect_ShardHasDataOnlyWhenBothSegmentsAndWalArePresent()
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 4)
            .WithData(0)
            .WithSegmentsOnly(1)
            .WithWalOnly(2));

        Assert.Empty(summary.Problems);
        Assert.Equal([0], summary.ShardsWithData);
        Assert.Equal([0, 1, 2, 3], summary.ShardDirectories);
        Assert.Equal(2, summary.SegmentArchiveCount);
    }

    [Fact]
    public async Task Inspect_DatalessSnapshot_HasShardDirectoriesButNoShardsWithData()
    {
        // What a node that hosts none of the collection's shards produces (reference §6.2, issue #2972).
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 2));

        Assert.Empty(summary.Problems);
        Assert.Equal([0, 1], summary.ShardDirectories);
        Assert.Empty(summary.ShardsWithData);
        Assert.Equal(0, summary.SegmentArchiveCount);
        Assert.Equal(2, summary.ConfigShardNumber);
    }

    [Fact]
    public async Task Inspect_ShardDirectoryCountsOnlyWithShardConfig()
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 3).WithData(0, 2).WithoutShardDirectory(1)
            .WithFile("7/replica_state.json", "{}"));

        Assert.Equal([0, 2], summary.ShardDirectories);
    }

    [Fact]
    public async Task Inspect_EmptyShardDirectoriesForSegmentsAndWal_CountAsData()
    {
        // Qdrant's test is that both directories exist (reference §6.3 step 5), even when empty.
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 1)
            .WithEntry(() => new GnuTarEntry(TarEntryType.Directory, "0/segments/"))
            .WithEntry(() => new GnuTarEntry(TarEntryType.Directory, "0/wal/")));

        Assert.Equal([0], summary.ShardsWithData);
        Assert.Equal(0, summary.SegmentArchiveCount);
    }

    [Fact]
    public async Task Inspect_LeadingDotSlashInEntryNames_IsIgnored()
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 2)
            .WithoutConfig()
            .WithFile("./config.json", """{"params":{"shard_number":2}}""")
            .WithEntry(() => new GnuTarEntry(TarEntryType.Directory, "./1/segments/"))
            .WithEntry(() => new GnuTarEntry(TarEntryType.Directory, "./1/wal/")));

        Assert.Equal(2, summary.ConfigShardNumber);
        Assert.Equal([1], summary.ShardsWithData);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(64)]
    public async Task Inspect_ReadsShardNumberFromConfig(int shards)
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: shards).WithData(0));
        Assert.Equal(shards, summary.ConfigShardNumber);
        Assert.Equal(shards, summary.ShardDirectories.Count);
    }

    [Fact]
    public async Task Inspect_MissingConfig_IsRecorded()
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 1).WithData(0).WithoutConfig());
        Assert.False(summary.HasConfig);
        Assert.Null(summary.ConfigShardNumber);
    }

    [Theory]
    [InlineData("{\"params\":", "not valid JSON")]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("{\"params\":{\"vectors\":{}}}", "no params.shard_number")]
    [InlineData("{\"other\":1}", "no params.shard_number")]
    public async Task Inspect_UnreadableConfig_IsAConfigErrorAndTheRestIsStillRead(string config, string expected)
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 2).WithData(0, 1).WithConfigJson(config));

        Assert.True(summary.HasConfig);
        Assert.Null(summary.ConfigShardNumber);
        Assert.Contains(expected, summary.ConfigError, StringComparison.Ordinal);
        Assert.Equal([0, 1], summary.ShardsWithData);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"params\":{\"shard_number\":\"2\"}}")]
    [InlineData("{\"params\":7}")]
    [InlineData("{\"params\":{\"shard_number\":2.5}}")]
    public async Task Inspect_ConfigOfTheWrongShape_IsAConfigErrorAndTheRestIsStillRead(string config)
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 2).WithData(0, 1).WithConfigJson(config));

        Assert.True(summary.HasConfig);
        Assert.NotNull(summary.ConfigError);
        Assert.Equal([0, 1], summary.ShardsWithData);
    }

    [Fact]
    public async Task Inspect_Symlink_IsAForbiddenEntry()
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 1).WithData(0).WithSymlink("0/wal/closed-2", "/etc/passwd"));

        var problem = Assert.Single(summary.Problems);
        Assert.Contains("Forbidden entry type", problem, StringComparison.Ordinal);
        Assert.Contains("0/wal/closed-2", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_HardLink_IsAForbiddenEntry()
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 1).WithData(0).WithHardLink("0/wal/closed-2", "0/wal/open-1"));

        var problem = Assert.Single(summary.Problems);
        Assert.Contains("Forbidden entry type", problem, StringComparison.Ordinal);
        Assert.Contains("HardLink", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    [InlineData(TarEntryType.Fifo)]
    public async Task Inspect_DeviceAndFifoEntries_AreForbidden(TarEntryType type)
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 1).WithData(0)
            .WithEntry(() => new GnuTarEntry(type, "0/wal/device")));

        Assert.Contains("Forbidden entry type", Assert.Single(summary.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("0/../../evil")]
    [InlineData("0/wal/../../../evil")]
    public async Task Inspect_PathEscapingWithDotDot_IsAProblem(string name)
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 1).WithData(0).WithFile(name, "x"));

        Assert.Contains("escapes the archive", Assert.Single(summary.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc/cron.d/evil")]
    [InlineData("/0/wal/open-2")]
    [InlineData("C:/Windows/evil")]
    [InlineData("C:\\Windows\\evil")]
    public async Task Inspect_AbsolutePath_IsAProblem(string name)
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 1).WithData(0).WithFile(name, "x"));

        Assert.Contains("absolute path", Assert.Single(summary.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_ForbiddenEntryInsideASegmentArchive_IsAProblem()
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 1).WithData(0)
            .WithEntry(() => QdrantSnapshotBuilder.File("0/segments/extra.tar", NestedTar(
                new GnuTarEntry(TarEntryType.SymbolicLink, "snapshot/files/link") { LinkName = "/etc/shadow" },
                QdrantSnapshotBuilder.File("snapshot/../../escape", [1])))));

        Assert.Equal(2, summary.Problems.Count);
        Assert.All(summary.Problems, problem => Assert.StartsWith("In segment archive '0/segments/extra.tar'", problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Inspect_CorruptSegmentArchive_IsAProblemAndTheRestIsStillRead()
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 2).WithData(0, 1).WithCorruptSegment(0));

        var problem = Assert.Single(summary.Problems);
        Assert.StartsWith("Segment archive '0/segments/", problem, StringComparison.Ordinal);
        Assert.Contains("not a readable tar", problem, StringComparison.Ordinal);
        // The outer archive is intact, so shard 1 (after the damaged segment) is still seen.
        Assert.Equal([0, 1], summary.ShardsWithData);
    }

    [Fact]
    public async Task Inspect_SegmentHeaderWithChecksumMismatch_IsAProblem()
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 1).WithData(0).WithSegmentChecksumMismatch(0));

        Assert.Contains("not a readable tar", Assert.Single(summary.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_SegmentArchiveThatIsNotATar_IsAProblem()
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 1).WithData(0)
            .WithEntry(() => QdrantSnapshotBuilder.File("0/segments/garbage.tar", TestData.Bytes(5000, seed: 3))));

        Assert.Contains("not a readable tar", Assert.Single(summary.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_TruncatedArchive_IsAProblem()
    {
        var builder = new QdrantSnapshotBuilder(shardNumber: 2).WithData(0, 1).WithWalBytes(64 * 1024);
        var whole = builder.Build();
        // Cut inside shard 1's WAL data, as an interrupted download would.
        var cut = IndexOf(whole, QdrantSnapshotBuilder.WalMarker(1)) + 20_000;

        var summary = await InspectAsync(whole[..cut]);

        Assert.Contains(summary.Problems, problem => problem.StartsWith("Malformed tar archive", StringComparison.Ordinal));
    }

    /// <summary>
    /// Property: an archive cut anywhere inside an entry's header or data is reported. Cuts that fall exactly
    /// on an entry boundary look like a complete (if short) archive to a tar reader and are left to the checksum.
    /// </summary>
    [Fact]
    public async Task Inspect_ArchiveCutAtAnyPointInsideAnEntry_IsAProblem()
    {
        var whole = new QdrantSnapshotBuilder(shardNumber: 2).WithData(0, 1).Build();
        var boundaries = EntryBoundaries(whole);
        var random = new Random(21);
        var checkedCuts = 0;
        for (var i = 0; i < 150; i++)
        {
            var cut = random.Next(1, whole.Length - 1024);
            if (boundaries.Contains(cut))
            {
                continue;
            }

            checkedCuts++;
            var summary = await InspectAsync(whole[..cut]);
            Assert.True(summary.Problems.Count > 0, $"A cut at byte {cut} of {whole.Length} was not reported.");
        }

        Assert.True(checkedCuts > 100);
    }

    [Fact]
    public async Task Inspect_EmptyStream_HasNoEntriesAndNoConfig()
    {
        var summary = await InspectAsync(Array.Empty<byte>());

        Assert.Equal(0, summary.EntryCount);
        Assert.False(summary.HasConfig);
        Assert.Empty(summary.ShardsWithData);
    }

    [Fact]
    public async Task Inspect_SegmentsManifestWithoutSegmentsDirectory_IsNotData()
    {
        var summary = await InspectAsync(new QdrantSnapshotBuilder(shardNumber: 1)
            .WithWalOnly(0)
            .WithFile("0/segments_manifest.json", "{}"));

        Assert.Empty(summary.ShardsWithData);
    }

    [Fact]
    public async Task Inspect_CancelledToken_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var bytes = new QdrantSnapshotBuilder(shardNumber: 1).WithData(0).Build();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SnapshotArchiveInspector.InspectAsync(new MemoryStream(bytes), cancelled.Token));
    }

    private static Task<ArchiveSummary> InspectAsync(QdrantSnapshotBuilder builder) => InspectAsync(builder.Build());

    /// <summary>Always through a non-seekable stream with short reads: snapshots arrive over the network.</summary>
    private static Task<ArchiveSummary> InspectAsync(byte[] archive) =>
        SnapshotArchiveInspector.InspectAsync(new TrickleStream(archive, seed: archive.Length, maxRead: 3000), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(20));

    private static byte[] NestedTar(params TarEntry[] entries)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                writer.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    private static int IndexOf(byte[] haystack, string marker) =>
        haystack.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(marker));

    /// <summary>Offsets at which a header starts (where a cut leaves only whole entries).</summary>
    private static HashSet<int> EntryBoundaries(byte[] archive)
    {
        var boundaries = new HashSet<int>();
        using var stream = new MemoryStream(archive);
        using var reader = new TarReader(stream);
        boundaries.Add(0);
        while (reader.GetNextEntry() is { } entry)
        {
            var padded = (int)((entry.Length + 511) / 512 * 512);
            boundaries.Add((int)stream.Position + padded);
        }

        return boundaries;
    }
}
