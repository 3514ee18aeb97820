namespace PubSec.Dr.Qdrant.Compare;

/// <summary>What a collection should look like: exact count, sampled point digests, golden searches.</summary>
public sealed record QdrantExpectations(string Reference, long? PointCount, IReadOnlyList<QdrantPointDigest> Sample,
    IReadOnlyList<QdrantGoldenQuery> GoldenQueries)
{
    public static QdrantExpectations From(QdrantBackup backup) =>
        new($"backup {backup.Id}", backup.PointCount, backup.Sample, backup.GoldenQueries);
}
