using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Qdrant.Compare;

namespace PubSec.Dr.Tests.Fakes;

/// <summary>
/// The point operations of <see cref="InMemoryQdrantCluster"/> as Qdrant answers them: scroll in id order from an
/// inclusive offset, exact counts, retrieval by id, and exact nearest-neighbour search (cosine).
/// </summary>
internal sealed class InMemoryQdrantPoints(InMemoryQdrantCluster cluster) : IQdrantPoints
{
    private const string Display = "http://qdrant-0.fake:6334/";

    public Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken ct) => Task.FromResult(cluster.CollectionNames);

    public Task<bool> CollectionExistsAsync(string collection, CancellationToken ct) => Task.FromResult(cluster.Find(collection) is not null);

    public Task<string> GetVersionAsync(CancellationToken ct) => Task.FromResult(cluster.Version);

    public Task<long> CountExactAsync(string collection, CancellationToken ct) => Read(collection, c => (long)c.Points.Count);

    public Task<QdrantCollectionConfig> GetConfigAsync(string collection, CancellationToken ct) => Read(collection, c => new QdrantCollectionConfig
    {
        Vectors = [new QdrantVectorConfig { Name = string.Empty, Size = 4, Distance = "Cosine" }],
        ShardNumber = (uint)c.ShardNumber,
        ReplicationFactor = 1,
        WriteConsistencyFactor = 1,
    });

    public Task<IReadOnlyList<QdrantPointRecord>> ScrollFromAsync(string collection, string? offsetId, uint limit, bool withContent, CancellationToken ct) =>
        Read(collection, c => (IReadOnlyList<QdrantPointRecord>)c.Points
            .Where(p => offsetId is null || p.Key.CompareTo(PointKey.Parse(offsetId)) >= 0)
            .Take((int)limit)
            .Select(p => withContent ? p.Value : p.Value with { CanonicalPayload = "{}", Vectors = new Dictionary<string, float[]>() })
            .ToList());

    public Task<IReadOnlyList<QdrantPointRecord>> RetrieveAsync(string collection, IReadOnlyList<string> ids, CancellationToken ct) =>
        Read(collection, c => (IReadOnlyList<QdrantPointRecord>)ids.Select(id => c.Points.GetValueOrDefault(PointKey.Parse(id))).OfType<QdrantPointRecord>().ToList());

    public Task<IReadOnlyList<string>> SearchIdsAsync(string collection, string vectorName, float[] vector, ulong limit, CancellationToken ct) =>
        Read(collection, c => (IReadOnlyList<string>)c.Points.Values
            .Where(p => p.Vectors.ContainsKey(vectorName))
            .OrderByDescending(p => Cosine(p.Vectors[vectorName], vector)).ThenBy(p => PointKey.Parse(p.Id))
            .Take((int)limit).Select(p => p.Id).ToList());

    public void Dispose()
    {
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    private Task<T> Read<T>(string collection, Func<FakeCollection, T> read)
    {
        var found = cluster.Get(collection, Display);
        lock (cluster.Gate)
        {
            return Task.FromResult(read(found));
        }
    }
}
