using System.Formats.Tar;
using System.Globalization;
using System.Text;

namespace PubSec.Dr.Tests.TestSupport;

/// <summary>
/// Synthesizes a Qdrant collection snapshot the way Qdrant 1.1x lays one out (reference §6.2): an uncompressed
/// GNU tar with config.json, version.info, and per shard N/shard_config.json, N/replica_state.json and, for
/// shards hosted on the node, N/segments/&lt;uuid&gt;.tar (a nested tar with snapshot/files/...) and N/wal/.
/// Everything is deterministic, so the same builder always yields the same bytes.
/// </summary>
internal sealed class QdrantSnapshotBuilder
{
    private readonly int _shardNumber;
    private readonly int _replicationFactor;
    private readonly SortedSet<int> _segments = new();
    private readonly SortedSet<int> _wal = new();
    private readonly HashSet<int> _corruptSegments = new();
    private readonly HashSet<int> _badChecksumSegments = new();
    private readonly HashSet<int> _withoutDirectory = new();
    private readonly List<Func<TarEntry>> _extra = new();
    private string? _configJson;
    private bool _omitConfig;
    private int _walBytes = 8 * 1024;

    public QdrantSnapshotBuilder(int shardNumber = 1, int replicationFactor = 1)
    {
        _shardNumber = shardNumber;
        _replicationFactor = replicationFactor;
    }

    /// <summary>The text every WAL file starts with, so a test can find (and damage) a data byte.</summary>
    public static string WalMarker(int shard) => FormattableString.Invariant($"WAL-DATA-OF-SHARD-{shard:D4}");

    /// <summary>The shards get both segments/ (with one nested segment archive) and wal/.</summary>
    public QdrantSnapshotBuilder WithData(params int[] shards)
    {
        _segments.UnionWith(shards);
        _wal.UnionWith(shards);
        return this;
    }

    public QdrantSnapshotBuilder WithSegmentsOnly(params int[] shards)
    {
        _segments.UnionWith(shards);
        return this;
    }

    public QdrantSnapshotBuilder WithWalOnly(params int[] shards)
    {
        _wal.UnionWith(shards);
        return this;
    }

    /// <summary>Size of each shard's WAL file; large values make the snapshot span many copy buffers.</summary>
    public QdrantSnapshotBuilder WithWalBytes(int bytes)
    {
        _walBytes = bytes;
        return this;
    }

    public QdrantSnapshotBuilder WithConfigJson(string json)
    {
        _configJson = json;
        return this;
    }

    public QdrantSnapshotBuilder WithoutConfig()
    {
        _omitConfig = true;
        return this;
    }

    /// <summary>The first header of the shard's nested segment archive is overwritten with random bytes.</summary>
    public QdrantSnapshotBuilder WithCorruptSegment(int shard)
    {
        _segments.Add(shard);
        _corruptSegments.Add(shard);
        return this;
    }

    /// <summary>
    /// Only the name field of the first header of the shard's nested segment archive is damaged: every field
    /// still parses, but the header's stored checksum no longer matches its bytes.
    /// </summary>
    public QdrantSnapshotBuilder WithSegmentChecksumMismatch(int shard)
    {
        _segments.Add(shard);
        _badChecksumSegments.Add(shard);
        return this;
    }

    /// <summary>No N/shard_config.json (nor anything else) for the shard.</summary>
    public QdrantSnapshotBuilder WithoutShardDirectory(int shard)
    {
        _withoutDirectory.Add(shard);
        return this;
    }

    public QdrantSnapshotBuilder WithEntry(Func<TarEntry> entry)
    {
        _extra.Add(entry);
        return this;
    }

    public QdrantSnapshotBuilder WithFile(string name, string content) =>
        WithEntry(() => File(name, Encoding.UTF8.GetBytes(content)));

    public QdrantSnapshotBuilder WithSymlink(string name, string target) =>
        WithEntry(() => new GnuTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target });

    public QdrantSnapshotBuilder WithHardLink(string name, string target) =>
        WithEntry(() => new GnuTarEntry(TarEntryType.HardLink, name) { LinkName = target });

    public string DefaultConfigJson => FormattableString.Invariant(
        $$$"""{"params":{"vectors":{"size":4,"distance":"Cosine"},"shard_number":{{{_shardNumber}}},"replication_factor":{{{_replicationFactor}}}},"hnsw_config":{"m":16},"wal_config":{"wal_capacity_mb":32}}""");

    public byte[] Build()
    {
        using var output = new MemoryStream();
        WriteTo(output);
        return output.ToArray();
    }

    public void WriteTo(Stream output)
    {
        using var writer = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true);
        if (!_omitConfig)
        {
            writer.WriteEntry(File("config.json", Encoding.UTF8.GetBytes(_configJson ?? DefaultConfigJson)));
        }

        writer.WriteEntry(File("version.info", "0.4.2"u8.ToArray()));
        writer.WriteEntry(File("shard_key_mapping.json", "{}"u8.ToArray()));
        writer.WriteEntry(File("payload_index.json", """{"schema":{}}"""u8.ToArray()));

        var random = new Random(_shardNumber * 7919 + _walBytes);
        for (var shard = 0; shard < _shardNumber; shard++)
        {
            if (_withoutDirectory.Contains(shard))
            {
                continue;
            }

            var hosted = _segments.Contains(shard) || _wal.Contains(shard);
            writer.WriteEntry(Directory($"{shard}/"));
            writer.WriteEntry(File($"{shard}/shard_config.json", """{"type":"ReplicaSet"}"""u8.ToArray()));
            writer.WriteEntry(File($"{shard}/replica_state.json", Encoding.UTF8.GetBytes(FormattableString.Invariant(
                $$$"""{"is_local":{{{(hosted ? "true" : "false")}}},"this_peer_id":5503872196711430,"peers":{"5503872196711430":"Active"}}"""))));

            if (_segments.Contains(shard))
            {
                var segment = SegmentArchive(shard, random);
                if (_corruptSegments.Contains(shard))
                {
                    new Random(shard).NextBytes(segment.AsSpan(0, 512));
                }

                if (_badChecksumSegments.Contains(shard))
                {
                    for (var i = 0; i < 64; i++)
                    {
                        segment[i] ^= 0x5A;
                    }
                }

                writer.WriteEntry(Directory($"{shard}/segments/"));
                writer.WriteEntry(File($"{shard}/segments/{Uuid(random)}.tar", segment));
            }

            if (_wal.Contains(shard))
            {
                var wal = new byte[_walBytes];
                random.NextBytes(wal);
                Encoding.ASCII.GetBytes(WalMarker(shard)).CopyTo(wal, 0);
                writer.WriteEntry(Directory($"{shard}/wal/"));
                writer.WriteEntry(File($"{shard}/wal/open-1", wal));
                writer.WriteEntry(File($"{shard}/wal/first-index", "1"u8.ToArray()));
                writer.WriteEntry(File($"{shard}/newest_clocks.json", "{}"u8.ToArray()));
            }
        }

        foreach (var entry in _extra)
        {
            writer.WriteEntry(entry());
        }
    }

    /// <summary>A nested segment archive as Qdrant writes one: snapshot/files/... in a plain tar.</summary>
    public static byte[] SegmentArchive(int shard, Random random)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true))
        {
            var vectors = new byte[4096];
            random.NextBytes(vectors);
            writer.WriteEntry(Directory("snapshot/"));
            writer.WriteEntry(Directory("snapshot/files/"));
            writer.WriteEntry(File("snapshot/files/segment.json", Encoding.UTF8.GetBytes(
                """{"version":42,"shard":""" + shard.ToString(CultureInfo.InvariantCulture) + ""","config":{"vector_data":{"":{"size":4}}}}""")));
            writer.WriteEntry(File("snapshot/files/vector_storage/vectors/chunk_0.mmap", vectors));
            writer.WriteEntry(File("snapshot/files/id_tracker.mappings", new byte[] { 1, 2, 3, 4 }));
        }

        return output.ToArray();
    }

    public static GnuTarEntry File(string name, byte[] content) => new(TarEntryType.RegularFile, name)
    {
        DataStream = new MemoryStream(content),
    };

    private static GnuTarEntry Directory(string name) => new(TarEntryType.Directory, name);

    private static string Uuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString("D");
    }
}
