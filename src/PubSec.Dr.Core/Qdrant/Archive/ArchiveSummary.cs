namespace PubSec.Dr.Qdrant.Archive;

/// <summary>
/// What a streamed read of a Qdrant collection snapshot found. Built while the bytes pass through, so the
/// backup knows which shards a part really holds data for, not what the server said it would.
/// </summary>
public sealed class ArchiveSummary
{
    public long EntryCount { get; internal set; }

    public bool HasConfig { get; internal set; }

    /// <summary>Why config.json could not be read, or null when it parsed.</summary>
    public string? ConfigError { get; internal set; }

    public int? ConfigShardNumber { get; internal set; }

    /// <summary>The collection settings config.json describes, when it could be read.</summary>
    public QdrantCollectionConfig? Config { get; internal set; }

    /// <summary>Shard ids that have a directory with shard_config.json.</summary>
    public SortedSet<int> ShardDirectories { get; } = new();

    /// <summary>Shard ids whose directory has both segments/ and wal/: Qdrant's own test for "has data".</summary>
    public SortedSet<int> ShardsWithData => new(_segments.Intersect(_wal));

    public int SegmentArchiveCount { get; internal set; }

    /// <summary>Forbidden entry types, escaping paths, unreadable nested segment archives, truncation.</summary>
    public List<string> Problems { get; } = new();

    internal void SawSegments(int shard) => _segments.Add(shard);

    internal void SawWal(int shard) => _wal.Add(shard);

    private readonly HashSet<int> _segments = new();
    private readonly HashSet<int> _wal = new();
}
