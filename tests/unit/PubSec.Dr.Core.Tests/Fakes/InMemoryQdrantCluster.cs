using System.Globalization;
using PubSec.Dr.Qdrant.Compare;
using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Tests.Fakes;

/// <summary>
/// A Qdrant cluster in memory, behind the same interfaces the engines get from the backend factory. Points live in
/// collections; shard s of a collection lives on node s mod (node count). A node's snapshot is a real Qdrant-shaped
/// tar (QdrantSnapshotBuilder) of the shards it hosts, so the engines' hashing and tar inspection run as in production;
/// the cluster remembers which points each snapshot it made holds (by SHA-256), so recovering one brings exactly those
/// points back onto the node that receives it.
/// </summary>
internal sealed class InMemoryQdrantCluster : IQdrantCluster
{
    private readonly Dictionary<string, FakeCollection> _collections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SnapshotContent> _snapshots = new(StringComparer.OrdinalIgnoreCase);

    public InMemoryQdrantCluster(int nodes, string version = "1.20.0")
    {
        Version = version;
        Nodes = Enumerable.Range(0, nodes).Select(i => new InMemoryQdrantNode(this, i, 7000000000000001UL + (ulong)i)).ToArray();
        Points = new InMemoryQdrantPoints(this);
    }

    public string Version { get; }

    public IReadOnlyList<InMemoryQdrantNode> Nodes { get; }

    IReadOnlyList<IQdrantNode> IQdrantCluster.Nodes => Nodes;

    public IQdrantPoints Points { get; }

    public object Gate { get; } = new();

    public IReadOnlyList<string> CollectionNames
    {
        get
        {
            lock (Gate)
            {
                return _collections.Keys.Order(StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <summary>A collection of <paramref name="count"/> points (ids 1..count, a 4-dimensional vector and a payload each).</summary>
    public void Seed(string collection, int count, int shardNumber)
    {
        var created = new FakeCollection(shardNumber);
        for (var id = 1; id <= count; id++)
        {
            var vector = new[] { MathF.Sin(id), MathF.Cos(id), MathF.Sin(id * 0.37f), 1f / id };
            var payload = FormattableString.Invariant($$"""{"doc":"d{{id % 17}}","n":{{id}}}""");
            created.Points[PointKey.Parse(id.ToString(CultureInfo.InvariantCulture))] =
                new QdrantPointRecord(id.ToString(CultureInfo.InvariantCulture), payload, new Dictionary<string, float[]> { [string.Empty] = vector });
        }

        lock (Gate)
        {
            _collections[collection] = created;
        }
    }

    public void Drop(string collection)
    {
        lock (Gate)
        {
            _collections.Remove(collection);
        }
    }

    public FakeCollection? Find(string collection)
    {
        lock (Gate)
        {
            return _collections.GetValueOrDefault(collection);
        }
    }

    public FakeCollection Get(string collection, string node) =>
        Find(collection) ?? throw QdrantErrors.CollectionNotFound(node, collection, $"Collection `{collection}` doesn't exist!");

    public bool Hosts(int node, int shard) => shard % Nodes.Count == node;

    public void Remember(string sha256, SnapshotContent content)
    {
        lock (Gate)
        {
            _snapshots[sha256] = content;
        }
    }

    public SnapshotContent? Recall(string sha256)
    {
        lock (Gate)
        {
            return _snapshots.GetValueOrDefault(sha256);
        }
    }

    /// <summary>What a recovery does: the collection exists afterwards and the node's shards hold the snapshot's points.</summary>
    public void Recover(string collection, SnapshotContent content)
    {
        lock (Gate)
        {
            if (!_collections.TryGetValue(collection, out var target) || target.ShardNumber != content.ShardNumber)
            {
                target = new FakeCollection(content.ShardNumber);
                _collections[collection] = target;
            }

            foreach (var key in target.Points.Keys.Where(k => content.Shards.Contains(target.ShardOf(k))).ToList())
            {
                target.Points.Remove(key);
            }

            foreach (var point in content.Points)
            {
                target.Points[PointKey.Parse(point.Id)] = point;
            }
        }
    }

    public void Dispose()
    {
    }
}

/// <summary>One collection's points, by id in scroll order; shard of a point = its id mod the shard number.</summary>
internal sealed class FakeCollection(int shardNumber)
{
    public int ShardNumber { get; } = shardNumber;

    public SortedDictionary<PointKey, QdrantPointRecord> Points { get; } = new();

    public int ShardOf(PointKey key) => (int)(key.Value % (UInt128)ShardNumber);
}

/// <summary>What one snapshot holds: the collection's shard number, the shards in it, and their points.</summary>
internal sealed record SnapshotContent(int ShardNumber, IReadOnlySet<int> Shards, IReadOnlyList<QdrantPointRecord> Points);
